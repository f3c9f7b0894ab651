"""Settings -> Notifications and Reports in Debian's headless Chromium
(web/e2e/notifications.mjs, driven by playwright-core): an MRAO signs in for the first time,
adds an "SSL Expiration" rule of 14 days for the requester and a fixed address, sees it
listed, runs the SSL certificates report and downloads it as CSV. The rule and the CSV are
then checked through the API and Python's csv module."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import dcv_peers  # noqa: E402
from harness import Certkeep, run  # noqa: E402

WEB = os.path.join(HERE, "..", "..", "web")
DOMAIN = "report.example.test"


class NotificationsConsoleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-notify-console-")
        work = self.tmp.name
        self.out = os.environ.get("CERTKEEP_E2E_OUT") or os.path.join(work, "out")
        os.makedirs(self.out, exist_ok=True)
        for name in os.listdir(self.out):
            if name.endswith(".png") or name.endswith(".csv"):
                os.remove(os.path.join(self.out, name))
        self.dns = dcv_peers.Dns(work)
        self.dns.set()
        self.addCleanup(self.dns.stop)
        self.ck = Certkeep(env={
            "CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % self.dns.port,
            "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
        }, args=["--test-mode"])
        self.ck.start()
        self.addCleanup(self.ck.stop)
        self.addCleanup(self.tmp.cleanup)

    def test_a_rule_added_and_a_report_downloaded_in_the_console(self):
        work = self.tmp.name
        mrao = self.ck.demo_mrao("demo passphrase for the notification console")
        _, _, orgs = self.ck.api("GET", "/api/organization/v1", mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        # One issued certificate, so that the report has a row.
        self.ck.delegate_domain(mrao, DOMAIN, demo["id"], ["DOMAIN", "SUBDOMAIN"])
        self.ck.validate_by_txt(mrao, self.dns, DOMAIN)
        self.ck.api("PUT", "/api/organization/v1/%d" % demo["id"], mrao, {"sslCertsApiEnabled": True})
        requester = self.ck.make_admin(mrao, "rita.rao", "RAO_SSL", demo["id"],
                                       ["sslRequest", "autoApproveCertificates"],
                                       "rita's passphrase for reports")
        csr = os.path.join(work, "report.csr")
        out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-keyout", "/dev/null", "-out", csr, "-subj", "/CN=" + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stderr)
        _, _, types = self.ck.api("GET", "/api/ssl/v1/types", mrao)
        dv = [t for t in types if t["name"] == "ssl-dv"][0]
        with open(csr) as f:
            status, _, enrolled = self.ck.api("POST", "/api/ssl/v1/enroll", requester, {
                "orgId": demo["id"], "certType": dv["id"], "term": dv["terms"][0], "csr": f.read()})
        self.assertEqual(status, 200, enrolled)

        first = "one-time passphrase of the notification mrao"
        status, _, body = self.ck.api("POST", "/api/admin/v1", mrao, {
            "login": "nora.mrao", "email": "nora.mrao@demo.example", "forename": "Nora",
            "surname": "Tester", "password": first, "credentials": [{"role": "MRAO"}],
            "privileges": ["sslRequest"]})
        self.assertEqual(status, 201, body)
        plan = {"customerUri": "demo",
                "mrao": {"login": "nora.mrao", "password": first},
                "notificationEmail": "pki-team@demo.example",
                "notificationDescription": "SSL expiring in 14 days (console)",
                "timeoutSeconds": 60}
        plan_file = os.path.join(work, "plan.json")
        with open(plan_file, "w") as f:
            json.dump(plan, f)
        script = subprocess.run(["node", os.path.join(WEB, "e2e", "notifications.mjs")],
                                env=dict(os.environ, CONSOLE_URL=self.ck.url, OUT_DIR=self.out,
                                         E2E_PLAN=plan_file),
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(script.returncode, 0, "%s\n%s\n--- certkeep:\n%s" % (
            script.stdout, script.stderr, "\n".join(self.ck.lines[-40:])))

        # The rule the console made is the API's.
        _, _, rules = self.ck.api("GET", "/api/notification/v1?description=console", mrao)
        self.assertEqual(len(rules), 1, rules)
        rule = rules[0]
        self.assertEqual(rule["type"], "SSL Expiration")
        self.assertEqual(rule["additionalData"]["days"], 14)
        self.assertIn("REQUESTER", rule["recipientData"]["notifyRoles"])
        self.assertEqual(rule["recipientData"]["recipients"],
                         [{"type": "EMAIL", "value": "pki-team@demo.example"}])

        # The downloaded report holds the certificate.
        files = [n for n in os.listdir(self.out) if n.endswith(".csv")]
        self.assertEqual(len(files), 1, files)
        with open(os.path.join(self.out, files[0]), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["commonName"] for r in rows], [DOMAIN])
        self.assertEqual(rows[0]["status"], "Issued")
        self.assertEqual(int(rows[0]["id"]), enrolled["sslId"])


if __name__ == "__main__":
    unittest.main()
