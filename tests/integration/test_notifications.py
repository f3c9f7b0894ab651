"""Notifications and scheduled jobs (#10) against the real binary, with a real SMTP server
(the tests' sink) and the test-mode clock offset: rules over SCM's /api/notification/v1,
templates, the SSL certificates report (JSON and CSV, checked against openssl), each expiry
rule firing once per certificate, a crash between delivery and acknowledgement re-sending
the same Message-ID, an unreachable SMTP server retried with backoff, two nodes on one
PostgreSQL delivering every message exactly once, and `certkeep notify test`."""

import csv
import io
import os
import subprocess
import tempfile
import time
import unittest

import dcv_peers
from harness import BIN, Certkeep, location_id, run
from test_ssl_lifecycle import DOMAIN, Tenant, csr, mail_peers

PASSWORD = "notification passphrase"


class NotificationsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-notify-")
        self.addCleanup(self.tmp.cleanup)
        self.work = self.tmp.name
        mail_peers(self, self.work, CERTKEEP_MAIL_FIRST_RETRY_SECONDS="1",
                   CERTKEEP_MAIL_EXPIRY_SCAN_INTERVAL_SECONDS="1",
                   CERTKEEP_HTTP_PUBLIC_URL="https://certkeep.example.test")
        self.data = os.path.join(self.work, "var")
        self.nodes = []

    def tearDown(self):
        for ck in self.nodes:
            ck.stop()

    def serve(self, days=0, env=None, wait_healthy=True):
        args = ["--test-mode"] + (["--test-clock-offset", str(days * 86400)] if days else [])
        full = dict(self.env)
        full.update(env or {})
        ck = Certkeep(env=full, args=args, data_dir=self.data, shifted=days != 0,
                      wait_healthy=wait_healthy)
        ck.start()
        self.nodes.append(ck)
        return ck

    def restart(self, ck, **kw):
        ck.stop()
        self.nodes.remove(ck)
        return self.serve(**kw)

    def rule(self, ck, auth, body, status=201):
        got, headers, out = ck.api("POST", "/api/notification/v1", auth, body)
        self.assertEqual(got, status, out)
        return location_id(headers) if status == 201 else out

    def outbox(self, ck, auth, status=""):
        _, _, items = ck.api("GET", "/api/notification/v1/outbox?size=200" +
                             ("&status=" + status if status else ""), auth)
        return items

    def test_rules_templates_and_the_ssl_report_over_the_api(self):
        ck = self.serve()
        mrao = ck.demo_mrao(PASSWORD)
        _, _, types = ck.api("GET", "/api/notification/v1/types", mrao)
        self.assertIn("SSL Expiration", types)
        self.assertIn("ACME Account Created", types)

        # Every organization starts with the 30- and 7-day expiry rules.
        status, headers, rules = ck.api("GET", "/api/notification/v1?type=SSL%20Expiration", mrao)
        self.assertEqual(status, 200)
        self.assertEqual(sorted(r["additionalData"]["days"] for r in rules), [7, 30])
        self.assertIn("X-Total-Count: 2", headers.replace("x-total-count", "X-Total-Count"))
        self.assertEqual(rules[0]["orgData"]["selectedOrgType"], "ANYDEPT")

        # Bad rules are refused in SCM's error shape, nothing stored.
        for bad in ({"description": "x", "type": "SSL Expiration",
                     "recipientData": {"notifyRoles": ["REQUESTER"]},
                     "additionalData": {"days": 0}},
                    {"description": "x", "type": "No Such Event",
                     "recipientData": {"notifyRoles": ["REQUESTER"]}},
                    {"description": "x", "type": "SSL Issued", "recipientData": {}},
                    {"description": "x", "type": "SSL Issued",
                     "recipientData": {"recipients": [{"type": "EMAIL", "value": "not-mail"}]}},
                    {"description": "x", "type": "SSL Issued",  # was a 500
                     "recipientData": {"recipients": [{"type": 5, "value": "a@b.example"}]}}):
            out = self.rule(ck, mrao, bad, status=400)
            self.assertLess(out["code"], 0, out)
            self.assertTrue(out["description"], out)
        _, _, everything = ck.api("GET", "/api/notification/v1", mrao)
        self.assertEqual(len(everything), 2)

        # A rule for new admins: the MRAOs and a fixed address hear of each.
        rid = self.rule(ck, mrao, {
            "description": "New admins", "type": "Admin Created",
            "orgData": {"selectedOrgType": "ANY"},
            "recipientData": {"notifyRoles": ["MRAO"],
                              "recipients": [{"type": "EMAIL", "value": "security@demo.example"}]}})
        _, _, got = ck.api("GET", "/api/notification/v1/%d" % rid, mrao)
        self.assertEqual(got["recipientData"]["recipients"],
                         [{"type": "EMAIL", "value": "security@demo.example"}])
        got["description"] = "Every new admin"
        status, _, put = ck.api("PUT", "/api/notification/v1/%d" % rid, mrao, got)
        self.assertEqual(status, 200, put)
        self.assertEqual(put["description"], "Every new admin")

        t = Tenant(ck, self.dns, mrao)
        t.admin("n.first", "DRAO_SSL", t.dept, ["sslRequest"])
        first = self.mail.wait("Administrator n.first created")[0]
        self.assertIn("security@demo.example", first.rcpt)
        self.assertIn("Every new admin", [r["description"] for r in
                                          ck.api("GET", "/api/notification/v1", mrao)[2]])

        # The customer's own words replace the default.
        status, _, _ = ck.api("PUT", "/api/notification/v1/templates/Admin%20Created", mrao,
                              {"subject": "Welcome aboard, {{admin}}", "text": "{{admin}}: {{link}}",
                               "html": "<b>{{admin}}</b>"})
        self.assertEqual(status, 200)
        _, _, templates = ck.api("GET", "/api/notification/v1/templates", mrao)
        mine = [x for x in templates["templates"] if x["type"] == "Admin Created"][0]
        self.assertTrue(mine["customized"])
        self.assertIn("admin", templates["placeholders"])
        t.admin("n.second", "DRAO_SSL", t.dept, ["sslRequest"])
        second = self.mail.wait("Welcome aboard, n.second")[0]
        self.assertIn("<b>n.second</b>", second.get_body(("html",)).get_content())
        status, _, _ = ck.api("DELETE", "/api/notification/v1/templates/Admin%20Created", mrao)
        self.assertEqual(status, 204)

        status, _, _ = ck.api("DELETE", "/api/notification/v1/%d" % rid, mrao)
        self.assertEqual(status, 204)
        status, _, _ = ck.api("GET", "/api/notification/v1/%d" % rid, mrao)
        self.assertEqual(status, 404)

        # The SSL report: an issued certificate, its fingerprints as openssl computes them.
        issuer = t.admin("n.issuer", "DRAO_SSL", t.dept, ["sslRequest", "autoApproveCertificates"])
        status, _, enrolled = t.enroll(issuer, {"csr": csr(self.work, "rep." + DOMAIN)})
        self.assertEqual(status, 200, enrolled)
        _, _, pem = ck.api("GET", "/api/ssl/v1/collect/%d/x509CO" % enrolled["sslId"], issuer)
        pem_file = os.path.join(self.work, "rep.pem")
        with open(pem_file, "w") as f:
            f.write(pem)
        sha1 = run("openssl", "x509", "-in", pem_file, "-noout", "-fingerprint", "-sha1")
        sha1 = sha1.stdout.strip().split("=")[1].replace(":", "").lower()
        status, _, report = ck.api("POST", "/api/report/v1/ssl-certificates", mrao,
                                   {"certificateStatus": 2, "organizationIds": [t.org]})
        self.assertEqual(status, 200, report)
        self.assertEqual(report["statusCode"], 0)
        rows = [r for r in report["reports"] if r["id"] == enrolled["sslId"]]
        self.assertEqual(len(rows), 1, report)
        self.assertEqual(rows[0]["status"], "Issued")
        self.assertEqual(rows[0]["commonName"], "rep." + DOMAIN)
        self.assertEqual(rows[0]["sha1"], sha1)
        self.assertEqual(rows[0]["requestedVia"], "REST API")
        status, _, out = ck.api("POST", "/api/report/v1/ssl-certificates", mrao,
                                {"organizationIds": "12abc"})  # was read as 12
        self.assertEqual(status, 400, out)
        _, _, none = ck.api("POST", "/api/report/v1/ssl-certificates", mrao, {"certificateStatus": 3})
        self.assertEqual(none["reports"], [])
        status, head, text = ck.api("POST", "/api/report/v1/ssl-certificates", mrao,
                                    {"certificateStatus": 2}, headers=["Accept: text/csv"])
        self.assertEqual(status, 200)
        self.assertIn("text/csv", head.lower())
        table = list(csv.DictReader(io.StringIO(text)))
        self.assertIn("rep." + DOMAIN, [r["commonName"] for r in table])
        self.assertEqual([r for r in table if r["commonName"] == "rep." + DOMAIN][0]["sha1"], sha1)
        # A DRAO of another department sees none of it.
        other = t.admin("n.other", "DRAO_SSL", t.other_dept, ["sslRequest"])
        _, _, theirs = ck.api("POST", "/api/report/v1/ssl-certificates", other, {})
        self.assertEqual(theirs["reports"], [])

        sent = self.outbox(ck, mrao, "SENT")
        self.assertTrue(any(m["kind"] == "notify.admin-created" for m in sent), sent)
        status, _, _ = ck.api("GET", "/api/notification/v1/outbox", other)
        self.assertEqual(status, 403)

    def test_each_expiry_rule_fires_once_per_certificate(self):
        ck = self.serve()
        mrao = ck.demo_mrao(PASSWORD)
        t = Tenant(ck, self.dns, mrao)
        issuer = t.admin("x.issuer", "DRAO_SSL", t.dept, ["sslRequest", "autoApproveCertificates"])
        names = ["e1." + DOMAIN, "e2." + DOMAIN]
        for name in names:
            status, _, out = t.enroll(issuer, {"csr": csr(self.work, name)})
            self.assertEqual(status, 200, out)
        term = t.dv["terms"][0]
        # 25 days before the end: the 30-day rule, once per certificate.
        ck = self.restart(ck, days=term - 25)
        for name in names:
            got = self.mail.wait("%s expires in" % name)
            self.assertEqual(len(got), 1)
            self.assertIn("x.issuer@demo.example", got[0].rcpt)
        time.sleep(3)  # the scan runs every second: nothing more
        ck = self.restart(ck, days=term - 24)
        time.sleep(3)
        self.assertEqual(len([m for m in self.mail.all() if "expires in" in str(m["Subject"])]), 2)
        # 5 days before: the 7-day rule.
        ck = self.restart(ck, days=term - 5)
        for name in names:
            self.assertEqual(len(self.mail.wait("%s expires in 5 days" % name)), 1)
        time.sleep(3)
        expiring = [str(m["Subject"]) for m in self.mail.all() if "expires in" in str(m["Subject"])]
        self.assertEqual(len(expiring), 4, expiring)

    def test_a_crash_between_delivery_and_acknowledgement_resends_the_same_message(self):
        # The dead node holds the delivery job's lease until it expires (5 s here).
        self.env["CERTKEEP_JOBS_LEASE_SECONDS"] = "5"
        ck = self.serve(env={"CERTKEEP_MAIL_TEST_EXIT_AFTER_SEND": "true"})
        mrao = ck.demo_mrao(PASSWORD)
        self.rule(ck, mrao, {"description": "admins", "type": "Admin Created",
                             "recipientData": {"recipients": ["crash@demo.example"]}})
        status, _, body = ck.api("POST", "/api/admin/v1", mrao, {
            "login": "c.one", "email": "c.one@demo.example", "forename": "C", "surname": "One",
            "password": "first password for this one", "credentials": [{"role": "MRAO"}]})
        self.assertEqual(status, 201, body)
        first = self.mail.wait("Administrator c.one created")[0]
        ck.proc.wait(30)  # it exited once the server had accepted the message
        self.assertEqual(ck.proc.returncode, 75)
        ck = self.restart(ck)
        again = self.mail.wait("Administrator c.one created", count=2)
        self.assertEqual(again[0]["Message-ID"], again[1]["Message-ID"])
        self.assertEqual(first["Message-ID"], again[1]["Message-ID"])
        deadline = time.time() + 20
        while time.time() < deadline:
            sent = [m for m in self.outbox(ck, mrao) if m["kind"] == "notify.admin-created"]
            if sent and sent[0]["status"] == "SENT":
                break
            time.sleep(0.3)
        self.assertEqual(sent[0]["status"], "SENT", sent)
        self.assertEqual(sent[0]["attempts"], 1)
        self.assertEqual(sent[0]["messageId"], again[0]["Message-ID"])

    def test_an_unreachable_smtp_server_is_retried_with_backoff(self):
        port = self.smtp.port
        self.smtp.stop()
        ck = self.serve()
        mrao = ck.demo_mrao(PASSWORD)
        self.rule(ck, mrao, {"description": "admins", "type": "Admin Created",
                             "recipientData": {"recipients": ["later@demo.example"]}})
        ck.make_admin(mrao, "b.one", "MRAO", None, [], PASSWORD + "!")

        def waiting():
            return [m for m in self.outbox(ck, mrao) if m["kind"] == "notify.admin-created"][0]

        deadline = time.time() + 30
        while time.time() < deadline and waiting()["attempts"] < 3:
            time.sleep(0.3)
        m = waiting()
        self.assertGreaterEqual(m["attempts"], 3, m)
        self.assertEqual(m["status"], "PENDING")
        self.assertTrue(m["lastError"], m)
        # Backoff: after n failures the next attempt is 2^(n-1) seconds later (first 1 s).
        parse = lambda s: time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
        self.assertGreaterEqual(parse(m["nextAttemptAt"]) - parse(m["createdAt"]),
                                2 ** (m["attempts"] - 1) - 1)
        self.smtp = dcv_peers.smtp_sink(self.work, self.maildir, port=port)
        got = self.mail.wait("Administrator b.one created", timeout=60)
        self.assertEqual(len(got), 1)
        deadline = time.time() + 20
        while time.time() < deadline and waiting()["status"] != "SENT":
            time.sleep(0.3)
        self.assertEqual(waiting()["status"], "SENT")

    def test_two_nodes_on_one_postgresql_deliver_each_message_once(self):
        dsn = os.environ.get("CERTKEEP_TEST_POSTGRES_DSN")
        if not dsn:
            if os.environ.get("CI") == "true":
                self.fail("CERTKEEP_TEST_POSTGRES_DSN not set in CI")
            self.skipTest("CERTKEEP_TEST_POSTGRES_DSN not set")
        db = "it_notify_%d" % os.getpid()
        admin_dsn = dsn.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", "-q", admin_dsn, "-c", "create database " + db], check=True)
        self.addCleanup(subprocess.run, ["psql", "-q", admin_dsn, "-c",
                                         "drop database if exists " + db + " with (force)"])
        pg = {"CERTKEEP_STORE_BACKEND": "postgres",
              "CERTKEEP_STORE_POSTGRES_DSN": dsn.rsplit("/", 1)[0] + "/" + db}
        self.smtp.stop()  # mail piles up first, then both nodes race for it
        first = self.serve(env=pg)
        second = self.serve(env=pg)
        mrao = first.demo_mrao(PASSWORD)
        self.rule(first, mrao, {"description": "admins", "type": "Admin Created",
                                "recipientData": {"recipients": ["both@demo.example"]}})
        count = 24
        for i in range(count):
            node = first if i % 2 else second
            node.make_admin(mrao, "two.%02d" % i, "MRAO", None, [], PASSWORD + "!")
        self.smtp = dcv_peers.smtp_sink(self.work, self.maildir, port=self.smtp.port)
        got = self.mail.wait("Administrator two.", count=count, timeout=90)
        time.sleep(3)  # both nodes keep running their delivery job meanwhile
        got = [m for m in self.mail.all() if "Administrator two." in str(m["Subject"])]
        ids = [m["Message-ID"] for m in got]
        self.assertEqual(len(ids), count, [str(m["Subject"]) for m in got])
        self.assertEqual(len(set(ids)), count)
        leases = subprocess.run(["psql", "-tA", pg["CERTKEEP_STORE_POSTGRES_DSN"], "-c",
                                 "select count(*) from job_lease where name = 'mail.deliver'"],
                                capture_output=True, text=True, check=True)
        self.assertEqual(leases.stdout.strip(), "1")

    def test_notify_test_sends_through_the_configured_server(self):
        env = dict(os.environ)
        env.update(self.env)
        out = subprocess.run([BIN, "notify", "test", "ops@demo.example", "--data-dir", self.data],
                             env=env, capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        got = self.mail.wait("certkeep test message")[0]
        self.assertEqual(got.rcpt, ["ops@demo.example"])
        self.assertIn(got["Message-ID"], out.stdout)
        env["CERTKEEP_MAIL_SMTP_URL"] = "smtp://127.0.0.1:1"
        out = subprocess.run([BIN, "notify", "test", "ops@demo.example", "--data-dir", self.data],
                             env=env, capture_output=True, text=True)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("not sent", out.stderr)


if __name__ == "__main__":
    unittest.main()
