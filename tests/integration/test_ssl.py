"""SSL certificates over SCM's REST API (#7) against the real binary, with curl and openssl
only: an organization and a department, a DRAO and an RAO, a domain delegated to the
department and validated through dnsmasq; the DRAO enrolls with an openssl-made CSR, the
RAO approves, every collect format is checked with openssl, the RAO revokes and OCSP and
the CRL say so; a DRAO of another department gets nothing; bad input gets its exact status
and SCM code with nothing stored."""

import json
import os
import subprocess
import tempfile
import time
import unittest

import dcv_peers
from harness import Certkeep, location_id, run

PASSWORD = "ssl test passphrase 1"
DOMAIN = "ssl.example.test"


class SslTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-ssl-")
        cls.dir = cls.tmp.name
        cls.dns = dcv_peers.Dns(cls.dir)
        cls.dns.set()
        cls.ck = Certkeep(env={"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % cls.dns.port,
                               "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test"},
                          args=["--test-mode"])
        cls.ck.start()
        cls.mrao = cls.ck.demo_mrao(PASSWORD)
        cls.org = cls.create_org({"name": "Ssl University", "sslCertsApiEnabled": True})
        cls.dept = cls.create_org({"name": "Ssl CS", "parentOrgId": cls.org,
                                   "sslCertsApiEnabled": True})
        cls.other_dept = cls.create_org({"name": "Ssl Physics", "parentOrgId": cls.org,
                                         "sslCertsApiEnabled": True})
        cls.drao = cls.make_admin("ssl.drao", "DRAO_SSL", cls.dept, ["sslRequest"])
        cls.other_drao = cls.make_admin("ssl.other", "DRAO_SSL", cls.other_dept,
                                        ["sslRequest", "sslApprove"])
        cls.rao = cls.make_admin("ssl.rao", "RAO_SSL", cls.org,
                                 ["sslRequest", "sslApprove", "sslRevoke"])
        # The domain, delegated to the department and validated by a TXT record.
        status, _, body = cls.ck.api("POST", "/api/domain/v1", cls.mrao, {
            "name": DOMAIN, "delegations": [{
                "orgId": cls.dept, "certTypes": ["SSL"],
                "domainCertificateRequestPrivileges": ["DOMAIN", "SUBDOMAIN"]}]})
        assert status == 201, body
        _, _, sub = cls.ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", cls.mrao,
                               {"domain": DOMAIN})
        cls.dns.add("txt-record=_pki-validation.%s,%s" % (DOMAIN, sub["point"]))
        _, _, done = cls.ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", cls.mrao,
                                {"domain": DOMAIN})
        assert done["status"] == "VALIDATED", done
        _, _, types = cls.ck.api("GET", "/api/ssl/v1/types", cls.drao)
        cls.dv = [t for t in types if t["name"] == "ssl-dv"][0]
        cls.base = "http://127.0.0.1:%d" % cls.ck.plain_port
        issuing = os.path.join(cls.dir, "issuing.der")
        run("curl", "-sSf", cls.base + "/ca/issuing-1.crt", "-o", issuing)
        cls.issuing = os.path.join(cls.dir, "issuing.pem")
        run("openssl", "x509", "-inform", "DER", "-in", issuing, "-out", cls.issuing)

    @classmethod
    def create_org(cls, body):
        return cls.ck.create_org(cls.mrao, body)

    @classmethod
    def make_admin(cls, login, role, org, privileges):
        return cls.ck.make_admin(cls.mrao, login, role, org, privileges, PASSWORD + "!")

    @classmethod
    def tearDownClass(cls):
        cls.ck.stop()
        cls.dns.stop()
        cls.tmp.cleanup()

    def csr(self, cn, *sans, key="ec"):
        path = os.path.join(self.dir, cn.replace("*", "_") + ".csr")
        keyopt = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] if key == "ec" else \
            ["-newkey", key]
        args = ["openssl", "req", "-new", *keyopt, "-nodes", "-keyout", "/dev/null",
                "-subj", "/CN=" + cn, "-out", path]
        if sans:
            args += ["-addext", "subjectAltName=" + ",".join("DNS:" + s for s in sans)]
        out = run(*args)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(path) as f:
            return f.read().strip()

    def enroll(self, auth, cn, org=None, **extra):
        body = {"orgId": org or self.dept, "certType": self.dv["id"],
                "term": self.dv["terms"][0], "subjAltNames": None, "numberServers": 1,
                "serverType": -1, "comments": "integration test", "externalRequester": None}
        body.update(extra)
        if "csr" not in body:
            body["csr"] = self.csr(cn)
        return self.ck.api("POST", "/api/ssl/v1/enroll", auth, body)

    def collect(self, ssl_id, fmt, auth=None, query=False):
        path = ("/api/ssl/v1/collect/%d?format=%s" % (ssl_id, fmt)) if query else \
            "/api/ssl/v1/collect/%d/%s" % (ssl_id, fmt)
        return self.ck.curl(path, "-H", "customerUri: demo", "-H", "login: " + (auth or self.rao)[1],
                            "-H", "password: " + (auth or self.rao)[2],
                            "-H", "Accept: application/json")

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    @staticmethod
    def fixture_csr(name):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "csr",
                               name)) as f:
            return f.read()

    def test_enroll_approve_collect_revoke(self):
        status, _, body = self.enroll(self.drao, "www." + DOMAIN)
        self.assertEqual(status, 200, body)
        ssl_id = body["sslId"]
        self.assertTrue(body["renewId"])
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
        self.assertEqual(details["status"], "Requested")
        self.assertEqual(details["requestedVia"], "REST API")
        # Not issued yet: the exact answer polling clients wait on.
        status, _, text = self.collect(ssl_id, "x509")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(text), {"code": 0, "description": "Being processed by Sectigo"})
        # The DRAO cannot approve; the RAO can.
        status, _, _ = self.ck.api("POST", "/api/ssl/v1/approve/%d" % ssl_id, self.drao,
                                   {"message": "mine"})
        self.assertEqual(status, 403)
        status, _, body = self.ck.api("POST", "/api/ssl/v1/approve/%d" % ssl_id, self.rao,
                                      {"message": "checked by phone"})
        self.assertEqual(status, 204, body)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
        self.assertEqual(details["status"], "Issued", details)
        self.assertEqual(details["subjectAlternativeNames"], ["www." + DOMAIN])
        self.assertRegex(details["expires"], r"^\d\d/\d\d/\d{4}$")
        # Any GET takes dateFormat (§1.6): a style or a pattern; anything else is refused.
        for date_format, shape in (("ISO", r"^\d{4}-\d\d-\d\d$"), ("eu", r"^\d\d\.\d\d\.\d{4}$"),
                                   ("yyyy.MM.dd", r"^\d{4}\.\d\d\.\d\d$")):
            _, _, formatted = self.ck.api("GET", "/api/ssl/v1/%d?dateFormat=%s" % (ssl_id, date_format),
                                          self.drao)
            self.assertRegex(formatted["expires"], shape, date_format)
        status, _, body = self.ck.api("GET", "/api/ssl/v1/%d?dateFormat=EEEE" % ssl_id, self.drao)
        self.assertEqual((status, body["code"]), (400, -1601), body)
        status, _, body = self.ck.api("POST", "/api/ssl/v1/approve/%d" % ssl_id, self.rao,
                                      {"message": "again"})
        self.assertEqual((status, body["code"]), (400, -1112))

        root = self.ck.root_ca
        # Every collect format, checked with openssl.
        chain_pem = {}
        for fmt in ("x509", "x509CO", "x509IO", "x509IOR", "x509R", "pem", "pemco", "pemia"):
            status, headers, text = self.collect(ssl_id, fmt)
            self.assertEqual(status, 200, (fmt, text))
            # scm-api.md §1.6: downloads are application/octet-stream, whatever Accept said.
            self.assertIn("content-type: application/octet-stream", headers.lower(), fmt)
            chain_pem[fmt] = text
            self.assertIn("-----BEGIN CERTIFICATE-----", text, fmt)
        leaf = self.write("leaf.pem", chain_pem["x509CO"])
        self.assertEqual(chain_pem["x509CO"].count("BEGIN CERTIFICATE"), 1)
        self.assertEqual(chain_pem["pemia"].count("BEGIN CERTIFICATE"), 2)
        self.assertGreaterEqual(chain_pem["x509"].count("BEGIN CERTIFICATE"), 2)
        verify = run("openssl", "verify", "-CAfile", root, "-untrusted",
                     self.write("chain.pem", chain_pem["x509IO"]), "-purpose", "sslserver", leaf)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        text = run("openssl", "x509", "-in", leaf, "-noout", "-text").stdout
        self.assertIn("DNS:www." + DOMAIN, text)
        # The details say what the certificate says (§2.1), as openssl reads it.
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
        facts = details["certificateDetails"]
        for digest, field in (("-sha1", "sha1Hash"), ("-md5", "md5Hash")):
            fingerprint = run("openssl", "x509", "-in", leaf, "-noout", "-fingerprint", digest)
            self.assertEqual(facts[field], fingerprint.stdout.split("=", 1)[1].strip()
                             .replace(":", ""), field)
        self.assertEqual(facts["subjectAltNames"], "dNSName=www." + DOMAIN)
        self.assertIn("CN=www." + DOMAIN, facts["subject"])
        self.assertIn("Issuing CA", facts["issuer"])
        self.assertEqual(details["signatureAlg"], "SHA256WITHECDSA")
        self.assertEqual(details["keyUsages"], ["digitalSignature"])
        self.assertIn("serverAuth", details["extendedKeyUsages"])
        for query in (False, True):
            status, _, p7 = self.collect(ssl_id, "base64", query=query)
            self.assertEqual(status, 200)
            out = run("openssl", "pkcs7", "-in", self.write("c.p7b", p7), "-print_certs", "-noout")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("www." + DOMAIN, out.stdout)
        out = subprocess.run(["curl", "-sS", "--cacert", root, "-H", "customerUri: demo",
                              "-H", "login: " + self.rao[1], "-H", "password: " + self.rao[2],
                              self.ck.url + "/api/ssl/v1/collect/%d/bin" % ssl_id],
                             capture_output=True)
        der = os.path.join(self.dir, "c.p7b.der")
        with open(der, "wb") as f:
            f.write(out.stdout)
        self.assertEqual(run("openssl", "pkcs7", "-inform", "DER", "-in", der, "-print_certs",
                             "-noout").returncode, 0)
        status, _, body = self.collect(ssl_id, "zip")
        self.assertEqual((status, json.loads(body)["code"]), (400, -126))

        # Another department's DRAO sees nothing of it.
        status, _, _ = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.other_drao)
        self.assertEqual(status, 404)
        _, headers, rows = self.ck.api("GET", "/api/ssl/v1?size=200", self.other_drao)
        self.assertNotIn(ssl_id, [r["sslId"] for r in rows])
        status, headers, rows = self.ck.api("GET", "/api/ssl/v1?status=Issued&commonName=www.ssl",
                                            self.drao)
        self.assertEqual(status, 200)
        self.assertIn(ssl_id, [r["sslId"] for r in rows])
        status, headers, _ = self.ck.api("HEAD", "/api/ssl/v1?status=Issued", self.drao)
        self.assertIn("x-total-count", headers.lower())
        # The key and request-source filters (§2.1); states no certificate here is ever in
        # select nothing; a filter of what certkeep does not keep is refused, not ignored.
        for query, listed in (("keyAlgorithm=EC", True), ("keyAlgorithm=rsa", False),
                              ("keySize=256", True), ("keyParam=P-256", True),
                              ("keySize=2048", False), ("requestedVia=REST%20API", True),
                              ("requestedVia=ACME", False), ("status=Unmanaged", False),
                              ("status=SAApproved", False)):
            status, headers, rows = self.ck.api(
                "GET", "/api/ssl/v1?commonName=www.ssl&" + query, self.drao)
            self.assertEqual(status, 200, (query, rows))
            self.assertEqual(ssl_id in [r["sslId"] for r in rows], listed, query)
        status, _, body = self.ck.api("GET", "/api/ssl/v1?sha1Hash=00", self.drao)
        self.assertEqual((status, body["code"]), (400, -1601), body)
        self.assertIn("sha1Hash", body["description"])

        # Revoked by serial's owner: OCSP and the CRL say so.
        status, _, body = self.ck.api("POST", "/api/ssl/v1/revoke/%d" % ssl_id, self.rao,
                                      {"reason": "key lost"})
        self.assertEqual(status, 204, body)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.rao)
        self.assertEqual((details["status"], details["reasonCode"]), ("Revoked", 0))
        ocsp = run("openssl", "ocsp", "-issuer", self.issuing, "-cert", leaf,
                   "-url", self.base + "/ocsp", "-CAfile", root)
        self.assertIn(": revoked", ocsp.stdout, ocsp.stdout + ocsp.stderr)
        deadline = time.time() + 30
        while time.time() < deadline:
            crl = os.path.join(self.dir, "c.crl")
            run("curl", "-sSf", self.base + "/crl/issuing-1.crl", "-o", crl)
            text = run("openssl", "crl", "-inform", "DER", "-in", crl, "-noout", "-text").stdout
            if details["serialNumber"].upper() in text.replace(":", "").upper():
                break
            time.sleep(1)
        self.assertIn(details["serialNumber"].upper(), text.replace(":", "").upper())
        status, _, body = self.collect(ssl_id, "x509")
        self.assertEqual((status, json.loads(body)["code"]), (400, -110))
        status, _, body = self.ck.api("POST", "/api/ssl/v1/revoke/%d" % ssl_id, self.rao,
                                      {"reason": "again"})
        self.assertEqual((status, body["code"]), (400, -159))

    def test_an_auto_approving_requester_gets_it_issued_at_once_and_renews_it(self):
        auto = self.make_admin("ssl.auto", "DRAO_SSL", self.dept,
                               ["sslRequest", "autoApproveCertificates", "sslRenew"])
        status, _, body = self.enroll(auto, "api." + DOMAIN, subjAltNames="x.%s, y.%s" % (
            DOMAIN, DOMAIN))
        self.assertEqual(status, 200, body)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % body["sslId"], auto)
        self.assertEqual(details["status"], "Issued", details)
        self.assertEqual(sorted(details["subjectAlternativeNames"]),
                         sorted(["api." + DOMAIN, "x." + DOMAIN, "y." + DOMAIN]))
        status, _, pem = self.collect(body["sslId"], "pemco", auth=auto)
        self.assertEqual(status, 200)
        # RFC 5280 caps a CN at 64 characters: a longer host name stays in the SANs only,
        # and the CN is another of the names.
        long_name = "a" * 50 + "." + "b" * 20 + "." + DOMAIN
        path = os.path.join(self.dir, "long.csr")
        out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-keyout", "/dev/null", "-subj", "/O=Long Names", "-addext",
                  "subjectAltName=DNS:%s,DNS:short.%s" % (long_name, DOMAIN), "-out", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(path) as f:
            status, _, long_body = self.enroll(auto, "unused", csr=f.read())
        self.assertEqual(status, 200, long_body)
        status, _, long_pem = self.collect(long_body["sslId"], "x509CO", auth=auto)
        self.assertEqual(status, 200)
        cert = self.write("long.pem", long_pem)
        subject = run("openssl", "x509", "-in", cert, "-noout", "-subject",
                      "-nameopt", "RFC2253").stdout
        self.assertEqual(subject.strip(), "subject=CN=short." + DOMAIN)
        self.assertIn("DNS:" + long_name, run("openssl", "x509", "-in", cert, "-noout", "-ext",
                                               "subjectAltName").stdout)
        # renewById with the JSON string "" as body, as the Python client sends it.
        status, _, renewed = self.ck.api("POST", "/api/ssl/v1/renewById/%d" % body["sslId"], auto,
                                         '""')
        self.assertEqual(status, 200, renewed)
        _, _, new = self.ck.api("GET", "/api/ssl/v1/%d" % renewed["sslId"], auto)
        self.assertEqual((new["status"], new["renewedFrom"]), ("Issued", body["sslId"]))
        # renew/{renewId}, SCM's other form: 204.
        status, _, _ = self.ck.api("POST", "/api/ssl/v1/renew/%s" % body["renewId"], auto, "")
        self.assertEqual(status, 204)
        status, _, out = self.ck.api("POST", "/api/ssl/v1/renew/nosuchhandle", auto, "")
        self.assertEqual((status, out["code"]), (404, -124))
        # Another department's admin learns nothing from a handle or a serial number: the
        # answer is that of one that does not exist, without the certificate's id.
        for path, unknown in [("renew/%s" % body["renewId"], "renew/nosuchhandle"),
                              ("revoke/serial/%s" % details["serialNumber"], "revoke/serial/ABCDEF")]:
            status, _, out = self.ck.api("POST", "/api/ssl/v1/" + path, self.other_drao,
                                         {"reasonCode": 0, "reason": "probe"})
            _, _, none = self.ck.api("POST", "/api/ssl/v1/" + unknown, self.other_drao,
                                     {"reasonCode": 0, "reason": "probe"})
            self.assertEqual((status, out["code"]), (404, -124), out)
            self.assertEqual(out["description"].replace(details["serialNumber"], "ABCDEF"),
                             none["description"])
        # revoke/manual (§2.1) by certId revokes it; by serialNumber it finds the same one.
        status, _, out = self.ck.api("POST", "/api/ssl/v1/revoke/manual", self.rao, {
            "certId": renewed["sslId"], "reasonCode": 4, "revokeDate": "2026-01-02"})
        self.assertEqual(status, 204, out)
        _, _, gone = self.ck.api("GET", "/api/ssl/v1/%d" % renewed["sslId"], self.rao)
        self.assertEqual((gone["status"], gone["reasonCode"]), ("Revoked", 4), gone)
        status, _, out = self.ck.api("POST", "/api/ssl/v1/revoke/manual", self.rao, {
            "serialNumber": new["serialNumber"], "reasonCode": 1})
        self.assertEqual((status, out["code"]), (400, -159), out)
        status, _, out = self.ck.api("POST", "/api/ssl/v1/revoke/manual", self.rao, {})
        self.assertEqual((status, out["code"]), (400, -7), out)

    def test_a_request_with_dcv_mode_waits_as_approved_until_its_names_are_validated(self):
        domain = "wait.example.test"
        status, _, body = self.ck.api("POST", "/api/domain/v1", self.mrao, {
            "name": domain, "delegations": [{
                "orgId": self.dept, "certTypes": ["SSL"],
                "domainCertificateRequestPrivileges": ["DOMAIN", "SUBDOMAIN"]}]})
        self.assertEqual(status, 201, body)
        status, _, body = self.enroll(self.drao, "www." + domain)
        self.assertEqual((status, body["code"]), (400, -107), body)
        status, _, body = self.enroll(self.drao, "www." + domain, dcvMode="TXT")
        self.assertEqual(status, 200, body)
        ssl_id = body["sslId"]
        status, _, _ = self.ck.api("POST", "/api/ssl/v1/approve/%d" % ssl_id, self.rao,
                                   {"message": "ok"})
        self.assertEqual(status, 204)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
        self.assertEqual(details["status"], "Approved")
        _, _, sub = self.ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", self.mrao,
                                {"domain": domain})
        status, _, dcv = self.ck.api("GET", "/api/ssl/v1/%d/dcv" % ssl_id, self.drao)
        self.assertEqual(status, 200, dcv)
        self.assertEqual(dcv["dcvLog"]["log"][0]["dcvStatus"], "NOT_VALIDATED")
        self.assertEqual(dcv["instructions"][0]["host"], "_pki-validation.%s." % domain)
        self.assertEqual(dcv["instructions"][0]["point"], sub["point"])
        # §2.1's recheck looks again at once: 202 and the log, not validated while the
        # record is missing, validated once it is there.
        path = "/api/ssl/v1/%d/dcv/recheck" % ssl_id
        status, _, dcv = self.ck.api("POST", path, self.mrao)
        self.assertEqual((status, dcv["dcvLog"]["log"][0]["dcvStatus"]), (202, "NOT_VALIDATED"))
        self.dns.add("txt-record=_pki-validation.%s,%s" % (domain, sub["point"]))
        status, _, dcv = self.ck.api("POST", path, self.mrao)
        self.assertEqual((status, dcv["dcvLog"]["log"][0]["dcvStatus"]), (202, "VALIDATED"), dcv)
        # The queue job (every 10 s) sends it to the CA once validated.
        deadline = time.time() + 40
        while time.time() < deadline:
            _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
            if details["status"] == "Issued":
                break
            time.sleep(1)
        self.assertEqual(details["status"], "Issued")

    def test_replace_supersedes_the_old_certificate_once_the_new_one_is_issued(self):
        auto = self.make_admin("ssl.replacer", "DRAO_SSL", self.dept,
                               ["sslRequest", "autoApproveCertificates", "sslReplace"])
        status, _, body = self.enroll(auto, "replace." + DOMAIN)
        self.assertEqual(status, 200, body)
        old_id = body["sslId"]
        status, _, out = self.ck.api("POST", "/api/ssl/v1/replace/%d" % old_id, auto, {
            "csr": self.csr("replace." + DOMAIN), "reason": "key rotation",
            "commonName": "replace." + DOMAIN,
            "subjectAlternativeNames": ["replace." + DOMAIN, "alt." + DOMAIN]})
        self.assertEqual(status, 204, out)
        _, _, old = self.ck.api("GET", "/api/ssl/v1/%d" % old_id, auto)
        self.assertEqual(old["status"], "Replaced")
        _, _, rows = self.ck.api("GET", "/api/ssl/v1?commonName=replace.", auto)
        new_id = max(r["sslId"] for r in rows)
        _, _, new = self.ck.api("GET", "/api/ssl/v1/%d" % new_id, auto)
        self.assertEqual((new["status"], new["renewedFrom"]), ("Issued", old_id))
        self.assertIn("alt." + DOMAIN, new["subjectAlternativeNames"])
        # The old one is revoked at the CA as superseded: OCSP says so.
        status, _, pem = self.collect(old_id, "pemco", auth=auto)
        self.assertEqual(status, 200)
        ocsp = run("openssl", "ocsp", "-issuer", self.issuing, "-cert", self.write("old.pem", pem),
                   "-url", self.base + "/ocsp", "-CAfile", self.ck.root_ca)
        self.assertIn(": revoked", ocsp.stdout, ocsp.stdout + ocsp.stderr)
        # Only once.
        status, _, out = self.ck.api("POST", "/api/ssl/v1/replace/%d" % old_id, auto,
                                     {"csr": self.csr("replace." + DOMAIN)})
        self.assertEqual((status, out["code"]), (400, -102))

    def test_edit_changes_a_pending_request_and_only_the_notes_of_an_issued_one(self):
        status, _, body = self.enroll(self.drao, "edit." + DOMAIN)
        self.assertEqual(status, 200, body)
        ssl_id = body["sslId"]
        other_term = [t for t in self.dv["terms"] if t != self.dv["terms"][0]][0]
        status, _, details = self.ck.api("PUT", "/api/ssl/v1", self.drao, {
            "sslId": ssl_id, "term": other_term, "comments": "edited",
            "autoRenewDetails": {"state": "Scheduled", "daysBeforeExpiration": 20}})
        self.assertEqual(status, 200, details)
        self.assertEqual((details["term"], details["comments"], details["status"]),
                         (other_term, "edited", "Requested"))
        self.assertEqual(details["autoRenewDetails"],
                         {"state": "Scheduled", "daysBeforeExpiration": 20})
        self.assertFalse(details["suspendNotifications"])
        status, _, details = self.ck.api("PUT", "/api/ssl/v1", self.drao, {
            "sslId": ssl_id, "suspendNotifications": True})
        self.assertEqual((status, details["suspendNotifications"]), (200, True), details)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % ssl_id, self.drao)
        self.assertTrue(details["suspendNotifications"])
        self.ck.api("POST", "/api/ssl/v1/decline/%d" % ssl_id, self.rao, {"message": "wrong name"})
        status, _, details = self.ck.api("PUT", "/api/ssl/v1", self.drao, {
            "sslId": ssl_id, "csr": self.csr("edit2." + DOMAIN)})
        self.assertEqual(status, 200, details)
        self.assertEqual((details["status"], details["commonName"]), ("Requested", "edit2." + DOMAIN))
        status, _, out = self.ck.api("PUT", "/api/ssl/v1", self.drao, {
            "sslId": ssl_id, "csr": self.csr("www.example.org")})
        self.assertEqual(status, 400, out)
        status, _, _ = self.ck.api("POST", "/api/ssl/v1/approve/%d" % ssl_id, self.rao, {})
        self.assertEqual(status, 204)
        status, _, out = self.ck.api("PUT", "/api/ssl/v1", self.drao,
                                     {"sslId": ssl_id, "term": self.dv["terms"][0]})
        self.assertEqual((status, out["code"]), (400, -1112), out)
        status, _, details = self.ck.api("PUT", "/api/ssl/v1", self.drao,
                                         {"sslId": ssl_id, "comments": "installed on web1"})
        self.assertEqual((status, details["comments"], details["status"]),
                         (200, "installed on web1", "Issued"))
        status, _, out = self.ck.api("PUT", "/api/ssl/v1", self.other_drao,
                                     {"sslId": ssl_id, "comments": "mine"})
        self.assertEqual(status, 404, out)

    def test_custom_fields_are_defined_by_the_mrao_asked_for_and_checked(self):
        # Defined by the MRAO (SCM's /api/customField/v2); a RAO may read but not define.
        status, _, out = self.ck.api("POST", "/api/customField/v2", self.rao, {
            "name": "Cost centre", "certType": "SSL", "mandatory": True})
        self.assertEqual((status, out["code"]), (403, -3), out)
        status, headers, _ = self.ck.api("POST", "/api/customField/v2", self.mrao, {
            "name": "Cost centre", "certType": "SSL", "state": "ACTIVE", "mandatory": True,
            "input": {"type": "NUMBER"}})
        self.assertEqual(status, 201)
        cost = location_id(headers)
        status, headers, _ = self.ck.api("POST", "/api/customField/v2", self.mrao, {
            "name": "Tier", "certType": "SSL", "mandatory": False,
            "input": {"type": "TEXT_OPTION", "options": ["Gold", "Silver"]}})
        self.assertEqual(status, 201)
        tier = location_id(headers)
        try:
            status, _, out = self.ck.api("POST", "/api/customField/v2", self.mrao, {
                "name": "cost CENTRE", "certType": "SSL"})
            self.assertEqual((status, out["code"]), (400, -1601), out)
            status, _, offered = self.ck.api("GET", "/api/ssl/v1/customFields", self.drao)
            self.assertEqual(status, 200)
            self.assertEqual([(f["id"], f["name"], f["mandatory"]) for f in offered],
                             [(cost, "Cost centre", True), (tier, "Tier", False)])
            _, _, listed = self.ck.api("GET", "/api/customField/v2?certType=SMIME", self.rao)
            self.assertEqual(listed, [])

            # Enroll asks for the mandatory one (-62), checks each value (-1601), and
            # stores them named as defined; nothing is stored for a refused request.
            before = self.ck.api("GET", "/api/ssl/v1?size=200", self.rao)[2]
            cases = [
                ([], 400, -62),
                ([{"name": "Cost centre", "value": "12x"}], 400, -1601),
                ([{"name": "Cost centre", "value": "7"}, {"name": "Tier", "value": "Bronze"}],
                 400, -1601),
                ([{"name": "Cost centre", "value": "7"}, {"name": "Colour", "value": "red"}],
                 400, -1601),
            ]
            for fields, want_status, want_code in cases:
                status, _, out = self.enroll(self.drao, "cf." + DOMAIN, customFields=fields)
                self.assertEqual((status, out.get("code")), (want_status, want_code),
                                 (fields, out))
            after = self.ck.api("GET", "/api/ssl/v1?size=200", self.rao)[2]
            self.assertEqual(len(after), len(before))
            status, _, out = self.enroll(self.drao, "cf." + DOMAIN, customFields=[
                {"name": "cost centre", "value": 4711}, {"name": "tier", "value": "gold"}])
            self.assertEqual(status, 200, out)
            _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % out["sslId"], self.drao)
            self.assertEqual(details["customFields"], [{"name": "Cost centre", "value": "4711"},
                                                       {"name": "Tier", "value": "Gold"}])
            # An edit is checked the same way.
            status, _, bad = self.ck.api("PUT", "/api/ssl/v1", self.drao, {
                "sslId": out["sslId"], "customFields": [{"name": "Tier", "value": "Gold"}]})
            self.assertEqual((status, bad["code"]), (400, -62), bad)

            # An INACTIVE field is no longer asked for.
            status, _, changed = self.ck.api("PUT", "/api/customField/v2", self.mrao,
                                             {"id": cost, "state": "INACTIVE"})
            self.assertEqual((status, changed["state"]), (200, "INACTIVE"), changed)
            _, _, offered = self.ck.api("GET", "/api/ssl/v1/customFields", self.drao)
            self.assertEqual([f["name"] for f in offered], ["Tier"])
            status, _, out = self.enroll(self.drao, "cf2." + DOMAIN)
            self.assertEqual(status, 200, out)
        finally:
            for field in (cost, tier):
                status, _, _ = self.ck.api("DELETE", "/api/customField/v2/%d" % field, self.mrao)
                self.assertEqual(status, 204)
        status, _, out = self.ck.api("GET", "/api/customField/v2/%d" % cost, self.mrao)
        self.assertEqual(status, 404, out)

    def test_the_console_previews_the_names_of_a_csr(self):
        csr = self.csr("preview." + DOMAIN)
        status, _, out = self.ck.api("POST", "/api/ssl/v1/csr/parse", self.drao, {"csr": csr})
        self.assertEqual(status, 200, out)
        self.assertEqual(out, {"commonName": "preview." + DOMAIN,
                               "subjectAlternativeNames": ["preview." + DOMAIN],
                               "keyType": "EC - 256"})
        status, _, out = self.ck.api("POST", "/api/ssl/v1/csr/parse", self.drao,
                                     {"csr": "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"})
        self.assertEqual((status, out["code"]), (400, -10), out)

    def test_cli_enrolls_lists_collects_and_revokes(self):
        csr = self.write("cli.csr", self.csr("cli." + DOMAIN))
        code, out = self.ck.cli("ssl", "enroll", "--org", str(self.dept), "--csr", csr)
        self.assertEqual(code, 0, out)
        ssl_id, status = out.split("\t")[:2]
        self.assertEqual(status, "Issued", out)
        code, out = self.ck.cli("ssl", "list", "--status", "Issued")
        self.assertIn("cli." + DOMAIN, out)
        pem = os.path.join(self.dir, "cli.pem")
        code, out = self.ck.cli("ssl", "collect", ssl_id, "--format", "pemco", "-o", pem)
        self.assertEqual(code, 0, out)
        self.assertIn("DNS:cli." + DOMAIN,
                      run("openssl", "x509", "-in", pem, "-noout", "-ext", "subjectAltName").stdout)
        code, out = self.ck.cli("ssl", "revoke", ssl_id, "--reason", "test")
        self.assertEqual(code, 0, out)
        self.assertIn("Revoked", out)
        code, out = self.ck.cli("ssl", "enroll", "--org", str(self.dept), "--csr",
                                self.write("bad.csr", self.csr("www.example.org")))
        self.assertEqual(code, 1, out)
        self.assertIn("not in an active domain delegated", out)

    def test_bad_input_gets_its_status_and_code_and_nothing_is_stored(self):
        _, headers, _ = self.ck.api("HEAD", "/api/ssl/v1", self.mrao)
        before = [l for l in headers.lower().splitlines() if l.startswith("x-total-count")]
        good = {"orgId": self.dept, "csr": self.csr("ok." + DOMAIN), "certType": self.dv["id"],
                "term": self.dv["terms"][0]}
        cases = [
            ("empty body", "", 400, -7),
            ("invalid JSON", "{", 400, -1601),
            ("not an object", "[]", 400, -1601),
            ("missing csr", dict(good, csr=None), 400, -7),
            ("missing orgId", {k: v for k, v in good.items() if k != "orgId"}, 400, -7),
            ("missing term", {k: v for k, v in good.items() if k != "term"}, 400, -7),
            ("orgId a string of letters", dict(good, orgId="abc"), 400, -1601),
            ("certType unknown", dict(good, certType=99999), 400, -39),
            ("term not offered", dict(good, term=12345), 400, -36),
            ("malformed CSR", dict(good, csr="-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                                             "-----END CERTIFICATE REQUEST-----"), 400, None),
            ("small RSA key", dict(good, csr=self.csr("small." + DOMAIN, key="rsa:1024")), 400,
             None),
            ("name not delegated", dict(good, csr=self.csr("www.example.org")), 400, None),
            ("wildcard without privilege", dict(good, csr=self.csr("*." + DOMAIN)), 400, None),
            ("extra SAN not delegated", dict(good, subjAltNames="evil.example.org"), 400, None),
            ("orgId outside scope", dict(good, orgId=self.other_dept), 403, -3),
            ("orgId of no organization", dict(good, orgId=999999), 400, -1601),
            ("dcvMode unknown", dict(good, dcvMode="FAX"), 400, -1601),
            ("comments too long", dict(good, comments="x" * 1025), 400, -1601),
            ("customFields not a list", dict(good, customFields="x"), 400, -1601),
            ("certType a list", dict(good, certType=[1]), 400, -1601),
            ("term a string of letters", dict(good, term="long"), 400, -1601),
            ("csr a number", dict(good, csr=5), 400, -1601),
            ("externalRequester too long", dict(good, externalRequester="a@b.c" * 120), 400,
             -1601),
            ("IP address in the CSR", dict(good, csr=self.csr("127.0.0.1")), 400, None),
            # Out of an int's range: refused, never wrapped to a valid term (2^32 + 90).
            ("term past an int", dict(good, term=4294967386), 400, -1601),
            ("term past 2^63", dict(good, term=2 ** 64 + 90), 400, -1601),
            # A space inside a name is not taken out: the name is refused as it was sent.
            ("space inside a SAN", dict(good, subjAltNames="fo o." + DOMAIN), 400, None),
            ("externalRequester not an email", dict(good, externalRequester="not an email"), 400,
             -1601),
            # A P-256 key encoded as 00 (the point at infinity) with a signature forged
            # without any private key (tests/fixtures/csr/make.sh).
            ("EC point at infinity", dict(good, csr=self.fixture_csr("ec-point-at-infinity.csr")),
             400, -10),
        ]
        for name, body, want_status, want_code in cases:
            with self.subTest(name):
                status, _, out = self.ck.api("POST", "/api/ssl/v1/enroll", self.drao, body)
                self.assertEqual(status, want_status, (name, out))
                self.assertIsInstance(out, dict, name)
                self.assertIn("description", out, name)
                if want_code is not None:
                    self.assertEqual(out["code"], want_code, (name, out))
        big = self.write("big.json", "{" + " " * (10 * 1024 * 1024) + "}")
        status, _, _ = self.ck.curl("/api/ssl/v1/enroll", "-X", "POST", "-H", "customerUri: demo",
                                    "-H", "login: " + self.drao[1], "-H", "password: " + self.drao[2],
                                    "-H", "Content-Type: application/json",
                                    "--data-binary", "@" + big)
        self.assertEqual(status, 413)
        for reason_code in (4294967297, 2 ** 63):  # 2^32 + 1 once read as keyCompromise
            status, _, out = self.ck.api("POST", "/api/ssl/v1/revoke/manual", self.rao,
                                         {"certId": 999999, "reasonCode": reason_code})
            self.assertEqual((status, out["code"]), (400, -1601), out)
        for name, method, path, want_status, want_code in [
                ("approve an unknown id", "POST", "/api/ssl/v1/approve/999999", 404, -124),
                ("revoke an unknown serial", "POST", "/api/ssl/v1/revoke/serial/ABCDEF", 404, -124),
                ("details of an id that is no number", "GET", "/api/ssl/v1/abc", 404, -1)]:
            with self.subTest(name):
                status, _, out = self.ck.api(method, path, self.rao, {"reason": "x"})
                self.assertEqual((status, out["code"]), (want_status, want_code), (name, out))
        # A pending request cannot be revoked.
        status, _, body = self.enroll(self.drao, "pending." + DOMAIN)
        status, _, out = self.ck.api("POST", "/api/ssl/v1/revoke/%d" % body["sslId"], self.rao,
                                     {"reason": "x"})
        self.assertEqual((status, out["code"]), (400, -102))
        # Nothing above was stored but the one good pending request.
        _, headers, _ = self.ck.api("HEAD", "/api/ssl/v1", self.mrao)
        after = [l for l in headers.lower().splitlines() if l.startswith("x-total-count")]
        self.assertEqual(int(after[0].split(":")[1]), int(before[0].split(":")[1]) + 1)


if __name__ == "__main__":
    unittest.main()
