"""The web console end to end in Debian's headless Chromium (web/e2e/console.mjs, driven by
playwright-core): first sign-in with the forced password change, a domain added and validated
by DNS TXT against dnsmasq, a DRAO uploading a CSR file, an RAO approving, the DRAO
downloading (the file verifies with openssl), the RAO revoking, and a DRAO of another
department seeing nothing of it. Screenshots land in CERTKEEP_E2E_OUT (default: a directory
under the build tree, kept after the test so they can be looked at)."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import dcv_peers  # noqa: E402
from harness import Certkeep, location_id, run  # noqa: E402

WEB = os.path.join(HERE, "..", "..", "web")
DOMAIN = "console.example.test"
FIRST = "one-time passphrase number %d"  # never containing the login (policy)


class ConsoleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-console-")
        work = self.tmp.name
        self.out = os.environ.get("CERTKEEP_E2E_OUT") or os.path.join(work, "out")
        os.makedirs(self.out, exist_ok=True)
        for name in os.listdir(self.out):
            if name.endswith(".png") or name == "cert.pem":
                os.remove(os.path.join(self.out, name))
        self.dns = dcv_peers.Dns(work)
        self.dns.set()
        self.addCleanup(self.dns.stop)
        self.smtp = dcv_peers.smtp_sink(work, os.path.join(work, "mail"))
        self.addCleanup(self.smtp.stop)
        self.ck = Certkeep(env={
            "CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % self.dns.port,
            "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
            "CERTKEEP_DCV_CHECK_INTERVAL_SECONDS": "1",
            "CERTKEEP_MAIL_SMTP_URL": "smtp://127.0.0.1:%d" % self.smtp.port,
            "CERTKEEP_MAIL_STARTTLS": "none",
        }, args=["--test-mode"])
        self.ck.start()
        self.addCleanup(self.ck.stop)
        self.addCleanup(self.tmp.cleanup)

    def admin(self, by, login, role, org, privileges):
        """An admin whose one-time password the console changes at its first sign-in."""
        self.created = getattr(self, "created", 0) + 1
        password = FIRST % self.created
        status, _, body = self.ck.api("POST", "/api/admin/v1", by, {
            "login": login, "email": login + "@demo.example", "forename": login.split(".")[0],
            "surname": "Tester", "password": password,
            "credentials": [{"role": role, "orgId": org}], "privileges": privileges})
        self.assertEqual(status, 201, body)
        return {"login": login, "password": password}

    def publish_txt(self, plan):
        """Publishes the TXT record the console shows, once the script has written it."""
        value = dcv_peers.wait_for_file(plan["txtRecordOut"], timeout=300)
        host = dcv_peers.wait_for_file(plan["txtHostOut"], timeout=5).rstrip(".")
        self.dns.add("txt-record=%s,%s" % (host, value))
        with open(plan["txtPublished"], "w") as f:
            f.write("published\n")

    def test_console_workflow(self):
        work = self.tmp.name
        mrao = self.ck.demo_mrao("demo passphrase for the console test")
        _, _, orgs = self.ck.api("GET", "/api/organization/v1", mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        dept = demo["departments"][0]
        status, headers, body = self.ck.api("POST", "/api/organization/v1", mrao,
                                            {"name": "Chemistry", "parentOrgId": demo["id"]})
        self.assertEqual(status, 201, body)
        other = location_id(headers)
        csr = os.path.join(work, "console.csr")
        out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-keyout", os.path.join(work, "console.key"), "-out", csr,
                  "-subj", "/CN=" + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stderr)
        plan = {
            "customerUri": "demo",
            "mrao": self.admin(mrao, "ada.mrao", "MRAO", None,
                               ["allowManageDomains", "allowDCV", "approveDomainDelegation",
                                "allowCreate", "addDepartments", "sslRequest"]),
            "rao": self.admin(mrao, "rosa.rao", "RAO_SSL", demo["id"], ["sslApprove", "sslRevoke"]),
            "drao": self.admin(mrao, "dan.drao", "DRAO_SSL", dept["id"], ["sslRequest"]),
            "otherDrao": self.admin(mrao, "olga.drao", "DRAO_SSL", other, ["sslRequest"]),
            "department": dept["name"],
            "domain": DOMAIN,
            "csrFile": csr,
            "txtRecordOut": os.path.join(work, "txt.value"),
            "txtHostOut": os.path.join(work, "txt.host"),
            "txtPublished": os.path.join(work, "txt.published"),
            "timeoutSeconds": 90,
        }
        plan_file = os.path.join(work, "plan.json")
        with open(plan_file, "w") as f:
            json.dump(plan, f)
        publisher = threading.Thread(target=self.publish_txt, args=(plan,), daemon=True)
        publisher.start()
        script = subprocess.run(["node", os.path.join(WEB, "e2e", "console.mjs")],
                                env=dict(os.environ, CONSOLE_URL=self.ck.url, OUT_DIR=self.out,
                                         E2E_PLAN=plan_file),
                                capture_output=True, text=True, timeout=900)
        self.assertEqual(script.returncode, 0, "%s\n%s\n--- certkeep:\n%s" % (
            script.stdout, script.stderr, "\n".join(self.ck.lines[-40:])))
        shots = sorted(n for n in os.listdir(self.out) if n.endswith(".png"))
        self.assertGreaterEqual(len(shots), 19, shots)

        # The downloaded file is the certificate and its chain, and verifies to the root.
        cert = os.path.join(self.out, "cert.pem")
        out = run("openssl", "verify", "-CAfile", self.ck.root_ca, "-untrusted", cert, cert)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        subject = run("openssl", "x509", "-in", cert, "-noout", "-ext", "subjectAltName").stdout
        self.assertIn("DNS:" + DOMAIN, subject)

        # What the console did is what the API now says.
        _, _, listed = self.ck.api("GET", "/api/ssl/v1?commonName=" + DOMAIN, mrao)
        self.assertEqual(len(listed), 1, listed)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], mrao)
        self.assertEqual(details["status"], "Revoked", details)

        # The admin and the department the MRAO added in the console.
        _, _, admins = self.ck.api("GET", "/api/admin/v1?login=eve.drao", mrao)
        eve = [a for a in admins if a["login"] == "eve.drao"]
        self.assertEqual(len(eve), 1, admins)
        _, _, eve = self.ck.api("GET", "/api/admin/v1/%d" % eve[0]["id"], mrao)
        self.assertEqual([(c["role"], c["orgId"]) for c in eve["credentials"]],
                         [("DRAO_SSL", dept["id"])], eve)
        self.assertIn("sslRequest", eve["privileges"])
        _, _, orgs = self.ck.api("GET", "/api/organization/v1", mrao)
        math = [d for o in orgs for d in o.get("departments", []) if d["name"] == "Mathematics"]
        self.assertEqual(len(math), 1, orgs)
        _, _, math = self.ck.api("GET", "/api/organization/v1/%d" % math[0]["id"], mrao)
        self.assertTrue(math["sslCertsApiEnabled"], math)


if __name__ == "__main__":
    unittest.main()
