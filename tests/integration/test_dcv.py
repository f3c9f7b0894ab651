"""Domain control validation (#6) over the real binary with real peers: dnsmasq serves the
TXT, CNAME and CAA records the test writes, local HTTP and HTTPS servers serve the file
(HTTPS with a certificate from certkeep's own CA), and an SMTP sink receives the email
whose link the test follows. Each method validates, and each failure says why."""

import email
import email.policy
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import dcv_peers
from harness import Certkeep, location_id

PASSWORD = "dcv test passphrase 1"
ZONE = "example.test"


class DcvTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-dcv-")
        work = cls.tmp.name
        cls.dns = dcv_peers.Dns(work)
        cls.dns.set()
        cls.web_root = os.path.join(work, "www")
        os.makedirs(os.path.join(cls.web_root, ".well-known", "pki-validation"))
        cls.http = dcv_peers.http_server(work, "http", cls.web_root)
        cls.maildir = os.path.join(work, "mail")
        cls.smtp = dcv_peers.smtp_sink(work, cls.maildir)
        cls.https = None
        cls.env = {
            "CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % cls.dns.port,
            "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
            "CERTKEEP_DCV_FETCH_ALLOWED_ADDRESSES": "127.0.0.1",
            "CERTKEEP_DCV_HTTP_PORT": str(cls.http.port),
            "CERTKEEP_DCV_FETCH_TIMEOUT_SECONDS": "2",
            "CERTKEEP_DCV_CHECK_INTERVAL_SECONDS": "1",
            "CERTKEEP_DCV_CAA_ISSUER_DOMAINS": "ca.certkeep.test",
            "CERTKEEP_MAIL_SMTP_URL": "smtp://127.0.0.1:%d" % cls.smtp.port,
            "CERTKEEP_MAIL_STARTTLS": "none",
            "CERTKEEP_MAIL_DELIVERY_INTERVAL_SECONDS": "1",
        }
        # First start without an HTTPS server: its certificate comes from certkeep's CA.
        cls.ck = Certkeep(env=cls.env, args=["--test-mode"])
        cls.ck.start()
        cls.start_https()
        cls.mrao = cls.ck.demo_mrao(PASSWORD, cls.first.demo_credentials)
        _, _, orgs = cls.ck.api("GET", "/api/organization/v1", cls.mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        cls.org = demo["id"]
        cls.dept = demo["departments"][0]["id"]
        status, headers, _ = cls.ck.api("POST", "/api/organization/v1", cls.mrao,
                                        {"name": "Physics", "parentOrgId": cls.org})
        cls.other_dept = location_id(headers)

    @classmethod
    def start_https(cls):
        """An HTTPS file server with a certificate issued by certkeep's CA."""
        work = cls.tmp.name
        key = os.path.join(work, "https.key")
        csr = os.path.join(work, "https.csr")
        crt = os.path.join(work, "https.pem")
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
                        "-subj", "/CN=secure." + ZONE], check=True, capture_output=True)
        code, out = cls.ck.cli("cert", "issue", "--csr", csr, "--dns", "secure." + ZONE,
                               "--format", "pem", "-o", crt)
        assert code == 0, out
        cls.https = dcv_peers.http_server(work, "https", cls.web_root, "--tls-cert", crt,
                                          "--tls-key", key)
        # The HTTPS port is known now: restart certkeep with it, on the same data (the
        # first instance owns the temporary directory: keep it alive).
        cls.ck.stop()
        cls.first = cls.ck
        env = dict(cls.env, CERTKEEP_DCV_HTTPS_PORT=str(cls.https.port),
                   CERTKEEP_DCV_HTTPS_CA_FILE=cls.ck.root_ca)
        cls.ck = Certkeep(env=env, args=["--test-mode"], data_dir=cls.ck.data_dir)
        cls.ck.start()

    @classmethod
    def tearDownClass(cls):
        cls.ck.stop()
        cls.first.__exit__(None, None, None)
        for p in (cls.http, cls.https, cls.smtp):
            if p:
                p.stop()
        cls.dns.stop()
        cls.tmp.cleanup()

    # -- helpers

    def add_domain(self, name, org=None, privileges=("DOMAIN", "SUBDOMAIN")):
        status, headers, body = self.ck.api("POST", "/api/domain/v1", self.mrao, {
            "name": name, "description": "dcv", "active": True,
            "delegations": [{"orgId": org or self.dept, "certTypes": ["SSL"],
                             "domainCertificateRequestPrivileges": list(privileges)}]})
        self.assertEqual(status, 201, body)
        return location_id(headers)

    def dcv(self, path, domain, auth=None, **extra):
        return self.ck.api("POST", "/api/dcv/v1/validation/" + path, auth or self.mrao,
                           dict({"domain": domain}, **extra))

    def status(self, domain, auth=None):
        status, _, body = self.ck.api("POST", "/api/dcv/v2/validation/status", auth or self.mrao,
                                      {"domain": domain})
        self.assertEqual(status, 200, body)
        return body

    def write_file(self, url, *lines, raw=None):
        path = urllib.parse.urlparse(url).path
        target = os.path.join(self.web_root, path.lstrip("/"))
        with open(target, "w") as f:
            f.write(raw if raw is not None else "\n".join(lines) + "\n")
        return target

    def submit_until(self, method, domain, want="VALIDATED"):
        status, _, body = self.dcv("submit/domain/" + method, domain)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["message"], "Submitted successfully")
        return body

    # -- DNS TXT

    def test_txt_validates_and_a_subdomain_is_validated_at_once(self):
        domain = "txt." + ZONE
        domain_id = self.add_domain(domain)
        first = self.submit_until("txt", domain)
        self.assertEqual(first["host"], "_pki-validation.%s." % domain)
        self.assertEqual(first["status"], "NOT_VALIDATED")
        self.assertEqual(first["orderStatus"], "SUBMITTED")
        self.assertIn("failureReason", first)
        # The record goes up; the next submit (or the job) finds it.
        self.dns.add("txt-record=_pki-validation.%s,%s" % (domain, first["point"]))
        # sync looks now instead of at the next scheduled check.
        status, _, done = self.dcv("sync?force=true", domain)
        self.assertEqual(status, 200, done)
        self.assertEqual(done["status"], "VALIDATED", done)
        self.assertEqual(done["validationMethod"], "DNSTXT_RANDOM_VALUE")
        self.assertEqual(done["orderStatus"], "NOT_INITIATED")
        sub = self.status("new.deep." + domain)
        self.assertEqual(sub["status"], "VALIDATED")
        _, _, details = self.ck.api("GET", "/api/domain/v1/%d" % domain_id, self.mrao)
        self.assertEqual(details["validationStatus"], "VALIDATED")
        self.assertRegex(details["dcvExpiration"], r"^\d{4}-\d\d-\d\d$")
        status, headers, rows = self.ck.api(
            "GET", "/api/dcv/v1/validation?domain=txt.example&dcvStatus=VALIDATED", self.mrao)
        self.assertEqual(status, 200, rows)
        self.assertEqual([r["domain"] for r in rows], [domain])
        self.assertEqual(rows[0]["dcvMethod"], "DNSTXT_RANDOM_VALUE")
        self.assertIn("X-Total-Count: 1", headers.replace("x-total-count", "X-Total-Count"))

    def test_txt_with_the_wrong_value_says_so(self):
        domain = "txtwrong." + ZONE
        self.add_domain(domain)
        self.dns.add("txt-record=_pki-validation.%s,not-the-value" % domain)
        body = self.submit_until("txt", domain)
        self.assertEqual(body["status"], "NOT_VALIDATED")
        self.assertIn("expected value", body["failureReason"])

    # -- DNS CNAME

    def test_cname_to_the_wrong_target_then_the_right_one(self):
        domain = "cname." + ZONE
        self.add_domain(domain)
        status, _, start = self.dcv("start/domain/cname", domain)
        self.assertEqual(status, 200, start)
        host, point = start["host"], start["point"]
        self.assertRegex(host, r"^_[0-9a-f]{32}\.cname\.example\.test\.$")
        self.assertTrue(point.endswith(".dcv.certkeep.invalid."), point)
        missing = self.submit_until("cname", domain)
        self.assertIn("NXDOMAIN", missing["failureReason"])
        self.dns.add("cname=%s,elsewhere.%s" % (host.rstrip("."), ZONE),
                     "host-record=elsewhere.%s,127.0.0.1" % ZONE)
        wrong = self.submit_until("cname", domain)
        self.assertIn("points to elsewhere.example.test", wrong["failureReason"])
        # dnsmasq serves a CNAME only to a name it knows: give the target an address.
        self.dns.lines = [l for l in self.dns.lines if not l.startswith("cname=" + host[:-1])]
        self.dns.add("cname=%s,%s" % (host.rstrip("."), point.rstrip(".")),
                     "host-record=%s,127.0.0.1" % point.rstrip("."))
        done = self.submit_until("cname", domain)
        self.assertEqual(done["status"], "VALIDATED", done)
        self.assertEqual(done["validationMethod"], "CNAME_CSR_HASH")

    def test_submit_without_start_is_refused_with_the_scm_code(self):
        domain = "nostart." + ZONE
        self.add_domain(domain)
        status, _, body = self.dcv("submit/domain/cname", domain)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["code"], -1603)

    # -- HTTP and HTTPS files

    def start_file(self, method, domain):
        status, _, start = self.dcv("start/domain/" + method, domain)
        self.assertEqual(status, 200, start)
        self.assertRegex(start["url"], r"^%s://%s/\.well-known/pki-validation/[0-9A-F]{32}\.txt$"
                         % (method, re.escape(domain)))
        self.assertEqual(start["secondLine"], "certkeep")
        return start

    def test_http_file_validates_that_host_only(self):
        domain = "web." + ZONE
        self.add_domain(domain)
        self.dns.add("host-record=%s,127.0.0.1" % domain)
        start = self.start_file("http", domain)
        self.write_file(start["url"], start["firstLine"], start["secondLine"])
        done = self.submit_until("http", domain)
        self.assertEqual(done["status"], "VALIDATED", done)
        self.assertEqual(done["validationMethod"], "HTTP_CSR_HASH")
        self.assertIn("only", done["covers"])
        # A file proves one host: a subdomain is not validated by it.
        self.assertEqual(self.status("sub." + domain)["status"], "NOT_VALIDATED")

    def test_https_file_on_a_site_with_a_certificate_from_our_ca(self):
        domain = "secure." + ZONE
        self.add_domain(domain)
        self.dns.add("host-record=%s,127.0.0.1" % domain)
        start = self.start_file("https", domain)
        self.write_file(start["url"], start["firstLine"], start["secondLine"])
        done = self.submit_until("https", domain)
        self.assertEqual(done["status"], "VALIDATED", done)
        self.assertEqual(done["validationMethod"], "HTTPS_CSR_HASH")

    def test_http_file_with_wrong_content(self):
        domain = "wrongfile." + ZONE
        self.add_domain(domain)
        self.dns.add("host-record=%s,127.0.0.1" % domain)
        start = self.start_file("http", domain)
        self.write_file(start["url"], "something else")
        body = self.submit_until("http", domain)
        self.assertEqual(body["status"], "NOT_VALIDATED")
        self.assertIn("first line is not the expected value", body["failureReason"])

    def test_http_timeout_is_reported(self):
        domain = "slow." + ZONE
        self.add_domain(domain)
        self.dns.add("host-record=%s,127.0.0.1" % domain)
        start = self.start_file("http", domain)
        target = self.write_file(start["url"], start["firstLine"])
        with open(target + ".delay", "w") as f:
            f.write("5")
        begun = time.time()
        body = self.submit_until("http", domain)
        self.assertLess(time.time() - begun, 5)
        self.assertEqual(body["status"], "NOT_VALIDATED")
        self.assertIn("did not answer within 2000 ms", body["failureReason"])

    def test_redirects_to_forbidden_addresses_are_refused(self):
        for n, target in enumerate(["http://evil.%s/x" % ZONE, "http://127.0.0.2/x",
                                    "http://[::1]/x"]):
            domain = "redirect%d.%s" % (n, ZONE)
            self.add_domain(domain)
            self.dns.add("host-record=%s,127.0.0.1" % domain,
                         "host-record=evil.%s,127.0.0.2" % ZONE)
            start = self.start_file("http", domain)
            path = self.write_file(start["url"], start["firstLine"])
            with open(path + ".redirect", "w") as f:
                f.write(target)
            body = self.submit_until("http", domain)
            self.assertEqual(body["status"], "NOT_VALIDATED", target)
            self.assertIn("may not connect", body["failureReason"], target)

    # -- email

    def test_email_link_opens_a_page_and_only_the_post_confirms(self):
        domain = "mail." + ZONE
        self.add_domain(domain)
        status, _, choices = self.dcv("start/domain/email", "www." + domain)
        self.assertEqual(status, 200, choices)
        self.assertIn("admin@" + domain, choices["emails"])
        self.assertIn("webmaster@www." + domain, choices["emails"])
        status, _, bad = self.dcv("submit/domain/email", domain, email="someone@" + domain)
        self.assertEqual(status, 400, bad)
        before = len(dcv_peers.messages(self.maildir))
        status, _, body = self.dcv("submit/domain/email", domain, email="hostmaster@" + domain)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["orderStatus"], "SUBMITTED")
        self.assertEqual(body["validationEmail"], "hostmaster@" + domain)
        ref = body["emailValidationReferenceNumber"]
        deadline = time.time() + 20
        while len(dcv_peers.messages(self.maildir)) <= before and time.time() < deadline:
            time.sleep(0.2)
        raw = dcv_peers.messages(self.maildir)[before]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        self.assertEqual(msg["To"], "hostmaster@" + domain)
        self.assertIn(domain, msg["Subject"])
        self.assertTrue(msg["Message-ID"].startswith("<"))
        text = msg.get_body(("plain",)).get_content()
        link = re.search(r"https://\S+/dcv/confirm\?order=(\d+)&code=([0-9a-f]+)", text)
        self.assertIsNotNone(link, text)
        self.assertEqual(link.group(1), ref)
        path = "/dcv/confirm?order=%s&code=%s" % (link.group(1), link.group(2))
        # A mail scanner following the link confirms nothing.
        status, _, page = self.ck.api("GET", path)
        self.assertEqual(status, 200)
        self.assertIn("<form", page)
        self.assertEqual(self.status(domain)["status"], "NOT_VALIDATED")
        # A wrong code is refused; the right one in a POST confirms.
        status, _, _ = self.ck.api(
            "POST", "/dcv/confirm", headers=["Content-Type: application/x-www-form-urlencoded"],
            body="order=%s&code=%s" % (ref, "0" * 32))
        self.assertEqual(status, 403)
        status, _, page = self.ck.api(
            "POST", "/dcv/confirm", headers=["Content-Type: application/x-www-form-urlencoded"],
            body="order=%s&code=%s" % (ref, link.group(2)))
        self.assertEqual(status, 200, page)
        done = self.status("www." + domain)
        self.assertEqual(done["status"], "VALIDATED")
        self.assertEqual(done["validationMethod"], "EMAIL")
        # The link works once.
        status, _, _ = self.ck.api("GET", path)
        self.assertEqual(status, 404)

    # -- CAA and the issuance gate

    def test_caa_forbidding_our_issuer_stops_issuance(self):
        domain = "caa." + ZONE
        self.add_domain(domain)
        self.dns.add("txt-record=_pki-validation.%s,placeholder" % domain)
        first = self.submit_until("txt", domain)
        self.dns.lines = [l for l in self.dns.lines if "_pki-validation." + domain not in l]
        # CAA 0 issue "other-ca.example" (RFC 8659 §4.1 wire: flags, tag length, tag, value).
        def caa(value):
            rdata = bytes([0, 5]) + b"issue" + value.encode()
            return "dns-rr=%s,257,%s" % (domain, rdata.hex())
        self.dns.add("txt-record=_pki-validation.%s,%s" % (domain, first["point"]),
                     caa("other-ca.example"))
        self.assertEqual(self.submit_until("txt", domain)["status"], "VALIDATED")
        code, out = self.ck.cli("domain", "check", "--org", str(self.dept), "www." + domain)
        self.assertEqual(code, 1, out)
        self.assertIn("CAA", out)
        self.dns.lines = [l for l in self.dns.lines if not l.startswith("dns-rr=" + domain)]
        self.dns.add(caa("ca.certkeep.test"))
        code, out = self.ck.cli("domain", "check", "--org", str(self.dept), "www." + domain)
        self.assertEqual(code, 0, out)
        self.assertIn("allowed", out)
        # The gate also names what is not delegated or not validated.
        code, out = self.ck.cli("domain", "check", "--org", str(self.other_dept),
                                "www." + domain)
        self.assertEqual(code, 1, out)
        self.assertIn("not in an active domain delegated", out)

    # -- who may validate

    def test_a_drao_cannot_validate_another_departments_domain(self):
        domain = "physics." + ZONE
        self.add_domain(domain, org=self.other_dept)
        first = "first password for this one"
        for login, privileges in [("dcv.drao", ["allowDCV"]), ("dcv.nodcv", [])]:
            status, _, body = self.ck.api("POST", "/api/admin/v1", self.mrao, {
                "login": login, "email": login + "@demo.example", "forename": "D",
                "surname": "O", "password": first,
                "credentials": [{"role": "DRAO_SSL", "orgId": self.dept}],
                "privileges": privileges})
            self.assertEqual(status, 201, body)
            status, _, body = self.ck.api("POST", "/api/admin/v1/changepassword",
                                          ("demo", login, first), {"newPassword": PASSWORD + "!"})
            self.assertEqual(status, 204, body)
        drao = ("demo", "dcv.drao", PASSWORD + "!")
        nodcv = ("demo", "dcv.nodcv", PASSWORD + "!")
        status, _, body = self.dcv("start/domain/txt", domain, auth=drao)
        self.assertEqual(status, 404, body)
        status, _, rows = self.ck.api("GET", "/api/dcv/v1/validation", drao)
        self.assertNotIn(domain, [r["domain"] for r in rows])
        own = "cs." + ZONE
        self.add_domain(own)
        status, _, body = self.dcv("start/domain/txt", own, auth=drao)
        self.assertEqual(status, 200, body)
        status, _, body = self.dcv("start/domain/txt", own, auth=nodcv)
        self.assertEqual(status, 403, body)


    def test_a_domain_registered_above_another_places_gives_no_hold_on_it(self):
        theirs = "bio.lab." + ZONE
        self.add_domain(theirs, org=self.other_dept)
        first = self.submit_until("txt", theirs)
        self.dns.add("txt-record=_pki-validation.%s,%s" % (theirs, first["point"]))
        status, _, done = self.dcv("sync?force=true", theirs)
        self.assertEqual(done["status"], "VALIDATED", done)
        drao = self.ck.make_admin(self.mrao, "dcv.above", "DRAO_SSL", self.dept,
                                  ["allowManageDomains", "allowDCV"], PASSWORD + "!")
        # Its own department's registration of the zone above waits for approval: it
        # proves nothing yet, not even for the names only it would cover.
        status, headers, body = self.ck.api("POST", "/api/domain/v1", drao, {
            "name": "lab." + ZONE, "delegations": [{"orgId": self.dept, "certTypes": ["SSL"],
                                                    "domainCertificateRequestPrivileges": ["DOMAIN"]}]})
        self.assertEqual(status, 201, body)
        above = location_id(headers)
        for path in ("start/domain/cname", "clear", "delete"):
            for name in (theirs, "www.lab." + ZONE):
                status, _, body = self.dcv(path, name, auth=drao)
                self.assertIn(status, (403, 404), (path, name, body))
        # Approved, it covers the names below it, but not the other department's domain,
        # which is registered more specifically.
        status, _, body = self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % above,
                                      self.mrao, {"orgId": self.dept})
        self.assertEqual(status, 200, body)
        status, _, body = self.dcv("start/domain/cname", "www.lab." + ZONE, auth=drao)
        self.assertEqual(status, 200, body)
        for path in ("status", "start/domain/cname", "clear", "delete"):
            status, _, body = self.dcv(path, "x." + theirs, auth=drao)
            self.assertEqual(status, 403, (path, body))
            status, _, body = self.dcv(path, theirs, auth=drao)
            self.assertEqual(status, 403, (path, body))
        self.assertEqual(self.status(theirs)["status"], "VALIDATED")


    def test_list_filters_refuse_garbage_and_bulk_email_submits_all_or_none(self):
        domain = "bulk." + ZONE
        self.add_domain(domain)
        for bad in ("abc", "-5", "%zz"):
            status, _, body = self.ck.api("GET", "/api/dcv/v1/validation?expiresIn=" + bad,
                                          self.mrao)
            self.assertEqual(status, 400, (bad, body))
        listed = "listed." + ZONE
        self.add_domain(listed)
        first = self.submit_until("txt", listed)
        self.dns.add("txt-record=_pki-validation.%s,%s" % (listed, first["point"]))
        status, _, done = self.dcv("sync?force=true", listed)
        self.assertEqual(done["status"], "VALIDATED", done)
        # A horizon past any date lists what ten years list (it used to overflow to none).
        status, _, year = self.ck.api("GET", "/api/dcv/v1/validation?expiresIn=3650", self.mrao)
        status, _, far = self.ck.api("GET", "/api/dcv/v1/validation?expiresIn=200000000000000",
                                     self.mrao)
        self.assertEqual(status, 200, far)
        self.assertTrue(year)
        self.assertEqual([r["domain"] for r in far], [r["domain"] for r in year])
        status, _, body = self.ck.api("POST", "/api/dcv/v1/validation/submit-bulk/domain/email",
                                      self.mrao, {"domains": [domain, "nope." + ZONE],
                                                  "email": "admin@" + domain})
        self.assertEqual(status, 404, body)
        self.assertIn("nope." + ZONE, body["description"])
        self.assertEqual(self.status(domain)["orderStatus"], "NOT_INITIATED")


class DcvExpiryTest(unittest.TestCase):
    """A validation is looked at again before it lapses (renewed when the record is still
    there) and shows EXPIRED once it has lapsed."""

    def serve(self, env, data, days):
        args = ["--test-mode"] + (["--test-clock-offset", str(days * 86400)] if days else [])
        ck = Certkeep(env=env, args=args, data_dir=data, shifted=days != 0)
        ck.start()
        return ck

    def test_recheck_renews_and_a_lapsed_validation_is_expired(self):
        with tempfile.TemporaryDirectory(prefix="certkeep-dcv-") as work:
            dns = dcv_peers.Dns(work)
            dns.set()
            env = {"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % dns.port,
                   "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
                   "CERTKEEP_DCV_CHECK_INTERVAL_SECONDS": "1"}
            data = os.path.join(work, "var")
            ck = None
            try:
                ck = self.serve(env, data, 0)
                uri, login, first = ck.demo_credentials
                ck.api("POST", "/api/admin/v1/changepassword", (uri, login, first),
                       {"newPassword": PASSWORD})
                mrao = (uri, login, PASSWORD)
                _, _, orgs = ck.api("GET", "/api/organization/v1", mrao)
                dept = [o for o in orgs if o["name"] == "Demo University"][0]["departments"][0]
                records, expiry = {}, {}
                for name in ("kept." + ZONE, "gone." + ZONE):
                    status, _, body = ck.api("POST", "/api/domain/v1", mrao, {
                        "name": name, "delegations": [{
                            "orgId": dept["id"], "certTypes": ["SSL"],
                            "domainCertificateRequestPrivileges": ["DOMAIN"]}]})
                    self.assertEqual(status, 201, body)
                    _, _, sub = ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", mrao,
                                       {"domain": name})
                    records[name] = "txt-record=_pki-validation.%s,%s" % (name, sub["point"])
                    dns.add(records[name])
                    _, _, done = ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt",
                                        mrao, {"domain": name})
                    self.assertEqual(done["status"], "VALIDATED", done)
                    expiry[name] = done["expirationDate"]
                ck.stop()

                # 380 days on, inside the re-check window: kept's record is still there,
                # gone's was removed. The job renews kept and leaves gone to lapse.
                dns.set(records["kept." + ZONE])
                ck = self.serve(env, data, 380)
                status_of = lambda n: ck.api("POST", "/api/dcv/v2/validation/status", mrao,
                                             {"domain": n})[2]
                deadline = time.time() + 20
                while time.time() < deadline:
                    kept = status_of("kept." + ZONE)
                    if kept["expirationDate"] != expiry["kept." + ZONE]:
                        break
                    time.sleep(0.5)
                self.assertGreater(kept["expirationDate"], expiry["kept." + ZONE], kept)
                gone = status_of("gone." + ZONE)
                self.assertEqual(gone["status"], "VALIDATED")
                self.assertEqual(gone["expirationDate"], expiry["gone." + ZONE])
                ck.stop()

                # 400 days on: gone has lapsed, kept was renewed.
                ck = self.serve(env, data, 400)
                self.assertEqual(status_of("gone." + ZONE)["status"], "EXPIRED")
                self.assertEqual(status_of("kept." + ZONE)["status"], "VALIDATED")
            finally:
                if ck:
                    ck.stop()
                dns.stop()


if __name__ == "__main__":
    unittest.main()
