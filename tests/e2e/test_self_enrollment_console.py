"""Self-enrollment end to end in Debian's headless Chromium (web/e2e/enroll.mjs, driven by
playwright-core): an RAO enables self-enrollment for a department in the console and sets a
generated access code; a requester with no account opens the enrollment URL, is refused a
wrong code, enters the right one, uploads a CSR, sees its names and submits; the
department's DRAO finds it Requested in the console and approves it; the requester opens
the link of the confirmation email (captured by the SMTP sink of the tests) and downloads
the certificate, which openssl verifies."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from harness import Certkeep, run  # noqa: E402
from test_ssl_lifecycle import mail_peers  # noqa: E402

WEB = os.path.join(HERE, "..", "..", "web")
DOMAIN = "selfenroll.example.test"
PASSWORD = "self-enrollment console passphrase"


class SelfEnrollmentConsoleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-enroll-console-")
        self.addCleanup(self.tmp.cleanup)
        work = self.tmp.name
        self.out = os.environ.get("CERTKEEP_E2E_OUT") or os.path.join(work, "out")
        os.makedirs(self.out, exist_ok=True)
        for name in os.listdir(self.out):
            if name.endswith(".png") or name.endswith(".json"):
                os.remove(os.path.join(self.out, name))
        mail_peers(self, work)
        self.ck = Certkeep(env=self.env, args=["--test-mode"])
        self.ck.start()
        self.addCleanup(self.ck.stop)

    def test_a_requester_enrolls_through_the_form_and_downloads_the_certificate(self):
        work = self.tmp.name
        ck = self.ck
        mrao = ck.demo_mrao(PASSWORD)
        _, _, orgs = ck.api("GET", "/api/organization/v1", mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        dept = demo["departments"][0]
        ck.delegate_domain(mrao, DOMAIN, dept["id"], ["DOMAIN", "SUBDOMAIN"])
        ck.validate_by_txt(mrao, self.dns, DOMAIN)
        rao = ck.make_admin(mrao, "rhea.rao", "RAO_SSL", demo["id"],
                            ["sslRequest", "sslApprove", "editDepartments"], PASSWORD + "!")
        drao = ck.make_admin(mrao, "dora.drao", "DRAO_SSL", dept["id"], ["sslApprove"],
                             PASSWORD + "!!")
        csr = os.path.join(work, "enroll.csr")
        out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-keyout", os.path.join(work, "enroll.key"), "-out", csr,
                  "-subj", "/CN=www." + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stderr)
        link_file = os.path.join(work, "emailed-link.txt")
        plan = {"customerUri": "demo",
                "rao": {"login": rao[1], "password": rao[2]},
                "drao": {"login": drao[1], "password": drao[2]},
                "department": dept["name"],
                "csrFile": csr,
                "wrongCode": "certainly not the access code",
                "requesterName": "Jane Requester",
                "requesterEmail": "jane@uni.example",
                "emailedLinkFile": link_file,
                "timeoutSeconds": 60}
        plan_file = os.path.join(work, "plan.json")
        with open(plan_file, "w") as f:
            json.dump(plan, f)
        script = subprocess.Popen(["node", os.path.join(WEB, "e2e", "enroll.mjs")],
                                  env=dict(os.environ, CONSOLE_URL=ck.url, OUT_DIR=self.out,
                                           E2E_PLAN=plan_file),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: script.poll() is None and script.kill())
        # The confirmation email's link, handed to the browser as the requester would follow it.
        received = self.mail.wait("Your certificate request", timeout=300)[0]
        body = received.get_body(("plain",)).get_content()
        self.assertEqual(received.rcpt, ["jane@uni.example"])
        link = re.search(r"https://\S+/enroll/status/[0-9a-f]+", body)
        self.assertTrue(link, body)
        with open(link_file + ".tmp", "w") as f:
            f.write(link.group(0))
        os.rename(link_file + ".tmp", link_file)
        stdout, stderr = script.communicate(timeout=600)
        self.assertEqual(script.returncode, 0, "%s\n%s\n--- certkeep:\n%s" % (
            stdout, stderr, "\n".join(ck.lines[-40:])))
        with open(os.path.join(self.out, "request.json")) as f:
            request = json.load(f)
        self.assertEqual(link.group(0), request["statusUrl"])

        # What the browsers did is what the API says: Enrollment Form, approved by the DRAO.
        _, _, listed = ck.api("GET", "/api/ssl/v1?commonName=www." + DOMAIN, drao)
        self.assertEqual(len(listed), 1, listed)
        _, _, details = ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], drao)
        self.assertEqual(details["status"], "Issued", details)
        self.assertEqual(details["requestedVia"], "Enrollment Form")
        self.assertEqual(details["externalRequester"], "jane@uni.example")

        # The downloaded certificate verifies to the root, for the CSR's name and key.
        leaf = os.path.join(self.out, "enrolled.pem")
        out = run("openssl", "verify", "-CAfile", ck.root_ca, "-untrusted", leaf, leaf)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        names = run("openssl", "x509", "-in", leaf, "-noout", "-ext", "subjectAltName").stdout
        self.assertIn("DNS:www." + DOMAIN, names)
        key = run("openssl", "pkey", "-in", os.path.join(work, "enroll.key"), "-pubout").stdout
        cert_key = run("openssl", "x509", "-in", leaf, "-noout", "-pubkey").stdout
        self.assertEqual(key, cert_key)


if __name__ == "__main__":
    unittest.main()
