"""SSL certificates after the request (#7), against the real binary with a real SMTP server
(the sink of the tests) and the test-mode clock offset: who gets which email (awaiting
approval to the approvers in scope only, issued with a download link to the requester and
the external requester, declined, revoked), that mail waiting in the outbox survives a
restart of certkeep while the SMTP server is down, and that auto-renewal re-enrolls a
certificate with its stored CSR ahead of expiry and links old and new."""

import email
import email.policy
import os
import tempfile
import time
import unittest

import dcv_peers
from harness import Certkeep, location_id, run

PASSWORD = "ssl lifecycle passphrase"
DOMAIN = "life.example.test"


def csr(workdir, cn):
    path = os.path.join(workdir, cn + ".csr")
    out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
              "-nodes", "-keyout", "/dev/null", "-subj", "/CN=" + cn, "-out", path)
    assert out.returncode == 0, out.stderr
    with open(path) as f:
        return f.read().strip()


def mail_peers(test, work, **extra):
    """Starts dnsmasq and the SMTP sink in `work` for `test` (its cleanups stop them) and
    sets test.dns, test.smtp, test.maildir, test.mail (the sink's Mailbox) and test.env,
    the environment pointing certkeep at both, with `extra` added."""
    test.dns = dcv_peers.Dns(work)
    test.dns.set()
    test.addCleanup(test.dns.stop)
    test.maildir = os.path.join(work, "mail")
    test.smtp = dcv_peers.smtp_sink(work, test.maildir)
    test.addCleanup(lambda: test.smtp.stop())  # the sink a test restarted, too
    test.mail = Mailbox(test.maildir)
    test.env = {"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % test.dns.port,
                "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
                "CERTKEEP_MAIL_SMTP_URL": "smtp://127.0.0.1:%d" % test.smtp.port,
                "CERTKEEP_MAIL_STARTTLS": "none",
                "CERTKEEP_MAIL_DELIVERY_INTERVAL_SECONDS": "1"}
    test.env.update(extra)


class Mailbox:
    """The messages the SMTP sink has received, parsed, with their envelope recipients."""

    def __init__(self, maildir):
        self.maildir = maildir

    def all(self):
        out = []
        for i, raw in enumerate(dcv_peers.messages(self.maildir), start=1):
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            msg.rcpt = dcv_peers.envelope(self.maildir, i)["rcpt_tos"]
            out.append(msg)
        return out

    def wait(self, subject_part, count=1, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.all() if subject_part in str(m["Subject"])]
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError("no mail with %r in its subject; got %r" % (
            subject_part, [str(m["Subject"]) for m in self.all()]))


class Tenant:
    """A department with a delegated, TXT-validated domain, and admins in it."""

    def __init__(self, ck, dns, mrao):
        self.ck, self.mrao = ck, mrao
        _, _, orgs = ck.api("GET", "/api/organization/v1", mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        self.org = demo["id"]
        self.dept = demo["departments"][0]["id"]
        status, headers, body = ck.api("POST", "/api/organization/v1", mrao,
                                       {"name": "Life Physics", "parentOrgId": self.org,
                                        "sslCertsApiEnabled": True})
        assert status == 201, body
        self.other_dept = location_id(headers)
        ck.api("PUT", "/api/organization/v1/%d" % self.dept, mrao, {"sslCertsApiEnabled": True})
        status, _, body = ck.api("POST", "/api/domain/v1", mrao, {
            "name": DOMAIN, "delegations": [{
                "orgId": self.dept, "certTypes": ["SSL"],
                "domainCertificateRequestPrivileges": ["DOMAIN", "SUBDOMAIN"]}]})
        assert status == 201, body
        _, _, sub = ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", mrao,
                           {"domain": DOMAIN})
        dns.add("txt-record=_pki-validation.%s,%s" % (DOMAIN, sub["point"]))
        _, _, done = ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", mrao,
                            {"domain": DOMAIN})
        assert done["status"] == "VALIDATED", done
        _, _, types = ck.api("GET", "/api/ssl/v1/types", mrao)
        self.dv = [t for t in types if t["name"] == "ssl-dv"][0]

    def admin(self, login, role, org, privileges):
        return self.ck.make_admin(self.mrao, login, role, org, privileges, PASSWORD + "!")

    def enroll(self, auth, body):
        full = {"orgId": self.dept, "certType": self.dv["id"], "term": self.dv["terms"][0]}
        full.update(body)
        return self.ck.api("POST", "/api/ssl/v1/enroll", auth, full)


class SslLifecycleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-ssl-life-")
        self.addCleanup(self.tmp.cleanup)
        self.work = self.tmp.name
        mail_peers(self, self.work, CERTKEEP_MAIL_FIRST_RETRY_SECONDS="1",
                   CERTKEEP_HTTP_PUBLIC_URL="https://certkeep.example.test")
        self.data = os.path.join(self.work, "var")
        self.ck = None

    def tearDown(self):
        if self.ck:
            self.ck.stop()

    def serve(self, days=0):
        args = ["--test-mode"] + (["--test-clock-offset", str(days * 86400)] if days else [])
        self.ck = Certkeep(env=self.env, args=args, data_dir=self.data, shifted=days != 0)
        self.ck.start()
        return self.ck

    def test_each_event_mails_the_right_people_and_mail_survives_a_restart(self):
        ck = self.serve()
        mrao = ck.demo_mrao(PASSWORD)
        t = Tenant(ck, self.dns, mrao)
        drao = t.admin("life.drao", "DRAO_SSL", t.dept, ["sslRequest"])
        rao = t.admin("life.rao", "RAO_SSL", t.org, ["sslApprove", "sslRevoke"])
        t.admin("life.other", "DRAO_SSL", t.other_dept, ["sslRequest", "sslApprove"])

        # Requested: the approvers in scope hear of it, the other department's do not.
        status, _, first = t.enroll(drao, {"csr": csr(self.work, "a." + DOMAIN),
                                           "externalRequester": "owner@life.example.test"})
        self.assertEqual(status, 200, first)
        awaiting = self.mail.wait("a.%s awaits your approval" % DOMAIN)[0]
        self.assertIn("life.rao@demo.example", awaiting.rcpt)
        self.assertNotIn("life.other@demo.example", awaiting.rcpt)
        self.assertNotIn("life.drao@demo.example", awaiting.rcpt)

        # Issued: the requester and the external requester, with the download link.
        status, _, _ = ck.api("POST", "/api/ssl/v1/approve/%d" % first["sslId"], rao,
                              {"message": "ok"})
        self.assertEqual(status, 204)
        issued = self.mail.wait("a.%s issued" % DOMAIN)[0]
        self.assertEqual(sorted(issued.rcpt),
                         ["life.drao@demo.example", "owner@life.example.test"])
        body = issued.get_body(("plain",)).get_content()
        self.assertIn("https://certkeep.example.test/", body)
        self.assertIn(str(first["sslId"]), body)
        message_id = issued["Message-ID"]
        self.assertTrue(message_id)

        # Declined, with the approver's message.
        _, _, second = t.enroll(drao, {"csr": csr(self.work, "b." + DOMAIN)})
        status, _, _ = ck.api("POST", "/api/ssl/v1/decline/%d" % second["sslId"], rao,
                              {"message": "not ours"})
        self.assertEqual(status, 204)
        declined = self.mail.wait("b.%s declined" % DOMAIN)[0]
        self.assertIn("life.drao@demo.example", declined.rcpt)
        self.assertIn("not ours", declined.get_body(("plain",)).get_content())

        # Revoked, while the SMTP server is down and certkeep restarts: the message waits in
        # the outbox and leaves once both are back.
        self.smtp.stop()
        status, _, _ = ck.api("POST", "/api/ssl/v1/revoke/%d" % first["sslId"], rao,
                              {"reasonCode": 4, "reason": "superseded"})
        self.assertEqual(status, 204)
        time.sleep(2)  # a delivery attempt or two meet the closed port
        ck.stop()
        self.smtp = dcv_peers.smtp_sink(self.work, self.maildir, port=self.smtp.port)
        self.serve()
        revoked = self.mail.wait("a.%s revoked" % DOMAIN)[0]
        self.assertIn("life.drao@demo.example", revoked.rcpt)
        # Each event once: the restart re-sent nothing already delivered.
        subjects = [str(m["Subject"]) for m in self.mail.all()]
        self.assertEqual(len(subjects), len(set(subjects)), subjects)
        self.assertEqual(len(self.mail.wait("a.%s issued" % DOMAIN)), 1)
        self.assertNotEqual(revoked["Message-ID"], message_id)

    def test_auto_renewal_re_enrolls_ahead_of_expiry_and_links_old_and_new(self):
        ck = self.serve()
        mrao = ck.demo_mrao(PASSWORD)
        t = Tenant(ck, self.dns, mrao)
        auto = t.admin("life.auto", "DRAO_SSL", t.dept,
                       ["sslRequest", "autoApproveCertificates", "sslRenew"])
        status, _, renewing = t.enroll(auto, {"csr": csr(self.work, "r." + DOMAIN),
                                              "autoRenew": True})
        self.assertEqual(status, 200, renewing)
        status, _, kept = t.enroll(auto, {"csr": csr(self.work, "k." + DOMAIN)})
        self.assertEqual(status, 200, kept)
        # Asked for auto-renewal without the right to renew: it stops, saying why.
        no_renew = t.admin("life.norenew", "DRAO_SSL", t.dept,
                           ["sslRequest", "autoApproveCertificates"])
        status, _, refused = t.enroll(no_renew, {"csr": csr(self.work, "n." + DOMAIN),
                                                 "autoRenew": True})
        self.assertEqual(status, 200, refused)
        _, _, old = ck.api("GET", "/api/ssl/v1/%d" % renewing["sslId"], auto)
        self.assertEqual(old["status"], "Issued", old)
        days_before = old["autoRenewDetails"]["daysBeforeExpiration"]
        self.assertEqual(old["autoRenewDetails"]["state"], "Scheduled")
        ck.stop()

        # Inside the renewal window of a 90-day certificate.
        self.serve(days=t.dv["terms"][0] - days_before + 2)
        ck = self.ck

        def renewals():
            _, _, listed = ck.api("GET", "/api/ssl/v1?size=50", auto)
            details = [ck.api("GET", "/api/ssl/v1/%d" % c["sslId"], auto)[2] for c in listed]
            return [d for d in details if d.get("renewedFrom")]

        deadline = time.time() + 40
        renewed = []
        while time.time() < deadline and not renewed:
            renewed = renewals()
            time.sleep(0.5)
        self.assertEqual(len(renewed), 1, renewed)
        new = renewed[0]
        self.assertEqual(new["renewedFrom"], renewing["sslId"])
        self.assertEqual(new["status"], "Issued", new)
        self.assertEqual(new["commonName"], "r." + DOMAIN)
        self.assertEqual(new["requestedVia"], old["requestedVia"])
        day = lambda mdy: time.strptime(mdy, "%m/%d/%Y")
        self.assertGreater(day(new["expires"]), day(old["expires"]))
        # Only the one that asked for it, and once: the job has run again meanwhile.
        time.sleep(11)
        self.assertEqual([d["id"] for d in renewals()], [new["id"]])
        self.assertEqual(len(self.mail.wait("r.%s issued" % DOMAIN, count=2)), 2)
        _, _, stopped = ck.api("GET", "/api/ssl/v1/%d" % refused["sslId"], mrao)
        self.assertEqual(stopped["autoRenewDetails"]["state"], "Not scheduled", stopped)
        self.assertIn("auto-renewal stopped", stopped["message"])


if __name__ == "__main__":
    unittest.main()
