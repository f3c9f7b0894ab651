"""Self-enrollment (#11) against the real binary with the tests' SMTP sink: an RAO switches
the form on for a department and sets its access code; a requester with no admin login
opens it, requests a certificate, gets a status link by email; the department's DRAO
approves; the link downloads a certificate that openssl verifies. And what must be refused
is refused with the right status and nothing stored: a disallowed email domain, a type not
offered, a name not delegated, an oversized CSR, a wrong or old access code, a flood of
guesses (429 with Retry-After), a call without the CSRF token."""

import concurrent.futures
import json
import os
import re
import tempfile
import time
import unittest

from harness import Certkeep, run
from test_ssl_lifecycle import csr, mail_peers

PASSWORD = "self enrollment passphrase"
DOMAIN = "enroll.example.test"


class SelfEnrollmentTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-enroll-")
        self.addCleanup(self.tmp.cleanup)
        self.work = self.tmp.name
        mail_peers(self, self.work)
        self.ck = Certkeep(env=self.env, args=["--test-mode"])
        self.ck.start()
        self.addCleanup(self.ck.stop)
        ck = self.ck
        self.mrao = ck.demo_mrao(PASSWORD)
        _, _, orgs = ck.api("GET", "/api/organization/v1", self.mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        self.org, self.dept = demo["id"], demo["departments"][0]["id"]
        ck.delegate_domain(self.mrao, DOMAIN, self.dept, ["DOMAIN", "SUBDOMAIN"])
        ck.validate_by_txt(self.mrao, self.dns, DOMAIN)
        self.rao = ck.make_admin(self.mrao, "e.rao", "RAO_SSL", self.org,
                                 ["sslRequest", "sslApprove", "editDepartments"], PASSWORD + "!")
        self.drao = ck.make_admin(self.mrao, "e.drao", "DRAO_SSL", self.dept,
                                  ["sslApprove"], PASSWORD + "!")
        _, _, types = ck.api("GET", "/api/ssl/v1/types", self.mrao)
        self.dv = [t for t in types if t["name"] == "ssl-dv"][0]
        self.ov = [t for t in types if t["id"] != self.dv["id"]][0]

    def settings_path(self):
        return "/api/organization/v1/%d/self-enrollment" % self.dept

    def enable(self):
        ck = self.ck
        status, _, s = ck.api("GET", self.settings_path(), self.rao)
        self.assertEqual(status, 200, s)
        self.assertFalse(s["enabled"])
        self.assertFalse(s["autoApprove"])  # off by default
        status, _, out = ck.api("PUT", self.settings_path(), self.rao, {"enabled": True})
        self.assertEqual(status, 400, out)  # nothing offered yet
        status, _, s = ck.api("PUT", self.settings_path(), self.rao, {
            "enabled": True, "sslTypes": [self.dv["id"]], "allowedEmailDomains": ["uni.example"]})
        self.assertEqual(status, 200, s)
        self.assertTrue(s["enabled"])
        self.assertFalse(s["accessCodeSet"])
        self.token = s["enrollmentUrl"].rsplit("/", 1)[1]
        status, _, _, _, _ = self.open("no code is set yet")
        self.assertEqual(status, 404)  # closed until a code is set
        status, _, code = ck.api("POST", self.settings_path() + "/access-code", self.rao, {})
        self.assertEqual(status, 200, code)
        self.assertTrue(code["settings"]["accessCodeSet"])
        return code["accessCode"]

    def call(self, method, path, body=None, cookie=None, csrf=None, raw=None):
        headers = []
        if cookie:
            headers.append("Cookie: certkeep_enroll=" + cookie)
        if csrf:
            headers.append("X-CSRF-Token: " + csrf)
        return self.ck.api(method, path, None, raw if raw is not None else body, headers=headers)

    def open(self, code):
        status, head, out = self.call("POST", "/api/enroll/v1/%s/session" % self.token,
                                      {"accessCode": code})
        m = re.search(r"(?im)^set-cookie: certkeep_enroll=([^;]+);([^\r\n]*)", head)
        return status, out, (m.group(1) if m else None), (m.group(2) if m else ""), head

    def count(self):
        _, _, listed = self.ck.api("GET", "/api/ssl/v1?size=200", self.mrao)
        return len(listed)

    def test_a_requester_enrolls_an_admin_approves_and_the_link_downloads_it(self):
        code = self.enable()
        status, form, cookie, attrs, _ = self.open("not the code at all")
        self.assertEqual(status, 401, form)
        self.assertIsNone(cookie)
        status, form, cookie, attrs, _ = self.open(code)
        self.assertEqual(status, 200, form)
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Strict", attrs)
        self.assertIn("Path=/api/enroll/v1/" + self.token, attrs)
        self.assertEqual(form["organization"], "Computer Science")
        self.assertEqual([t["id"] for t in form["sslTypes"]], [self.dv["id"]])
        csrf = form["csrfToken"]
        request = csr(self.work, "www." + DOMAIN)
        path = "/api/enroll/v1/%s/requests" % self.token
        status, _, parsed = self.call("POST", "/api/enroll/v1/%s/csr/parse" % self.token,
                                      {"csr": request, "certType": self.dv["id"]}, cookie, csrf)
        self.assertEqual(status, 200, parsed)
        self.assertEqual(parsed["subjectAlternativeNames"], ["www." + DOMAIN])
        body = {"csr": request, "certType": self.dv["id"], "term": self.dv["terms"][0],
                "serverSoftware": "nginx", "name": "Jane Requester", "email": "jane@uni.example",
                "comments": "for the physics web site"}
        status, _, out = self.call("POST", path, body, cookie)  # no CSRF token
        self.assertEqual(status, 403, out)
        before = self.count()
        status, _, receipt = self.call("POST", path, body, cookie, csrf)
        self.assertEqual(status, 201, receipt)
        self.assertEqual(receipt["status"], "Requested")
        self.assertTrue(receipt["referenceNumber"].startswith("ENR-"))
        self.assertEqual(self.count(), before + 1)

        # Admins see it as Requested, from the Enrollment Form, the requester external.
        _, _, listed = self.ck.api("GET", "/api/ssl/v1?commonName=www." + DOMAIN, self.drao)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], self.drao)
        self.assertEqual(details["status"], "Requested")
        self.assertEqual(details["requestedVia"], "Enrollment Form")
        self.assertEqual(details["externalRequester"], "jane@uni.example")
        awaiting = self.mail.wait("www.%s awaits your approval" % DOMAIN)[0]
        self.assertIn("e.drao@demo.example", awaiting.rcpt)
        received = self.mail.wait(receipt["referenceNumber"])[0]
        self.assertEqual(received.rcpt, ["jane@uni.example"])
        self.assertIn(receipt["statusUrl"], received.get_body(("plain",)).get_content())

        status_token = receipt["statusUrl"].rsplit("/", 1)[1]
        status, _, seen = self.call("GET", "/api/enroll/v1/status/" + status_token)
        self.assertEqual(seen["status"], "Requested", seen)
        status, _, _ = self.call("GET", "/api/enroll/v1/status/%s/certificate" % status_token)
        self.assertEqual(status, 409)

        status, _, _ = self.ck.api("POST", "/api/ssl/v1/approve/%d" % listed[0]["sslId"],
                                   self.drao, {"message": "confirmed by phone"})
        self.assertEqual(status, 204)
        issued = self.mail.wait("www.%s issued" % DOMAIN)[0]
        self.assertIn(receipt["statusUrl"], issued.get_body(("plain",)).get_content())
        status, _, pem = self.call("GET", "/api/enroll/v1/status/%s/certificate" % status_token)
        self.assertEqual(status, 200, pem)
        leaf = os.path.join(self.work, "leaf.pem")
        with open(leaf, "w") as f:
            f.write(pem)
        out = run("openssl", "verify", "-CAfile", self.ck.root_ca, "-untrusted", leaf, leaf)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_what_the_form_may_not_take_is_refused_and_nothing_stored(self):
        code = self.enable()
        _, form, cookie, _, _ = self.open(code)
        csrf = form["csrfToken"]
        path = "/api/enroll/v1/%s/requests" % self.token
        good = {"csr": csr(self.work, "a." + DOMAIN), "certType": self.dv["id"],
                "term": self.dv["terms"][0], "name": "Jane", "email": "jane@uni.example"}
        before = self.count()
        for change, expected in (({"email": "jane@elsewhere.example"}, 400),
                                 ({"certType": self.ov["id"]}, 400),
                                 ({"csr": csr(self.work, "www.not-delegated.example.test")}, 400),
                                 ({"csr": "-----BEGIN CERTIFICATE REQUEST-----\n" +
                                   "A" * 20000 + "\n-----END CERTIFICATE REQUEST-----"}, 413),
                                 ({"name": ""}, 400)):
            body = dict(good)
            body.update(change)
            status, _, out = self.call("POST", path, body, cookie, csrf)
            self.assertEqual(status, expected, (change if "csr" not in change else "csr", out))
            self.assertLess(out["code"], 0, out)
            self.assertTrue(out["description"], out)
        self.assertEqual(self.count(), before)

        # A new code locks the old one out, and ends the sessions opened with it.
        status, _, fresh = self.ck.api("POST", self.settings_path() + "/access-code", self.rao,
                                       {"accessCode": "a chosen new code"})
        self.assertEqual(status, 200, fresh)
        status, out, _, _, _ = self.open(code)
        self.assertEqual(status, 401, out)
        status, _, out = self.call("POST", path, good, cookie, csrf)
        self.assertEqual(status, 401, out)
        status, _, _, _, _ = self.open("a chosen new code")
        self.assertEqual(status, 200)

        # A flood of wrong codes, sent in parallel: each is counted before its code is
        # checked, so no more than the link's 10 are ever judged; the rest get 429 with
        # Retry-After, even the right code then; each wrong code audited.
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda i: self.open("wrong code number %d" % i)[0],
                                     range(16)))
        self.assertIn(429, statuses)
        self.assertIn(401, statuses)
        self.assertLessEqual(statuses.count(401), 10, statuses)
        status, out, _, _, head = self.open("a chosen new code")
        self.assertEqual(status, 429, out)
        self.assertRegex(head, r"(?im)^retry-after: [1-9][0-9]*")
        _, _, activity = self.ck.api("POST", "/api/report/v1/activity", self.mrao, {})
        wrong = [r for r in activity["reports"]
                 if r["action"]["actionName"] == "selfEnrollment.wrongCode"]
        self.assertGreaterEqual(len(wrong), 10)
        self.assertEqual(self.count(), before)

    def test_an_unknown_or_closed_link_reveals_nothing(self):
        status, _, out = self.ck.api("POST", "/api/enroll/v1/no-such-token/session", None,
                                     {"accessCode": "whatever code"})
        self.assertEqual(status, 404, out)
        self.ck.api("GET", self.settings_path(), self.rao)
        _, _, s = self.ck.api("GET", self.settings_path(), self.rao)
        token = s["enrollmentUrl"].rsplit("/", 1)[1]
        status, _, closed = self.ck.api("POST", "/api/enroll/v1/%s/session" % token, None,
                                        {"accessCode": "whatever code"})
        self.assertEqual(status, 404)
        self.assertEqual(closed["description"], out["description"])
        # A DRAO without the right to edit its department may not change them.
        other = self.ck.make_admin(self.mrao, "e.other", "DRAO_SSL", self.dept, [],
                                   PASSWORD + "!")
        status, _, out = self.ck.api("PUT", self.settings_path(), other, {"autoApprove": True})
        self.assertEqual(status, 403, out)

    def test_only_who_may_request_and_auto_approve_itself_sets_the_form_up_so(self):
        # The form requests certificates in its admins' stead: an admin that may edit the
        # department but not request SSL certificates there, or holds no SSL role at all,
        # may not open it; switching auto-approval needs that privilege too.
        ck = self.ck
        no_request = ck.make_admin(self.mrao, "e.norequest", "DRAO_SSL", self.dept,
                                   ["editDepartments"], PASSWORD + "!")
        smime = ck.make_admin(self.mrao, "e.smime", "RAO_SMIME", self.org,
                              ["editOrganizationAndDepartment"], PASSWORD + "!")
        opened = {"enabled": True, "sslTypes": [self.dv["id"]], "allowedEmailDomains": ["uni.example"]}
        for who in (no_request, smime):
            status, _, out = ck.api("PUT", self.settings_path(), who, opened)
            self.assertEqual(status, 403, out)
            status, _, out = ck.api("POST", self.settings_path() + "/access-code", who, {})
            self.assertEqual(status, 403, out)
        status, _, out = ck.api("PUT", self.settings_path(), self.rao, dict(opened, autoApprove=True))
        self.assertEqual(status, 403, out)
        self.assertIn("autoApproveCertificates", out["description"])
        auto = ck.make_admin(self.mrao, "e.auto", "RAO_SSL", self.org,
                             ["sslRequest", "autoApproveCertificates", "editDepartments"],
                             PASSWORD + "!")
        status, _, s = ck.api("PUT", self.settings_path(), auto, dict(opened, autoApprove=True))
        self.assertEqual(status, 200, s)
        self.assertTrue(s["autoApprove"])
        # ...and only such an admin switches it off again; other edits leave it be.
        status, _, out = ck.api("PUT", self.settings_path(), self.rao, {"autoApprove": False})
        self.assertEqual(status, 403, out)
        status, _, s = ck.api("PUT", self.settings_path(), self.rao,
                              {"allowedEmailDomains": ["uni.example", "b.example"]})
        self.assertEqual(status, 200, s)
        self.assertTrue(s["autoApprove"])


if __name__ == "__main__":
    unittest.main()
