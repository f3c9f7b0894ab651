"""CRLs, OCSP and CA certificates served by the real binary over plain HTTP, checked
with openssl and curl."""

import base64
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from harness import BIN, Certkeep


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, **kw)


class RevocationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = Certkeep()
        cls.ck.start()
        cls.dir = tempfile.mkdtemp(prefix="certkeep-rev-")
        cls.base = "http://127.0.0.1:%d" % cls.ck.plain_port
        issuing = run("curl", "-sSf", cls.base + "/ca/issuing-1.crt", "-o", os.path.join(cls.dir, "issuing.der"))
        assert issuing.returncode == 0, issuing.stderr
        cls.issuing = os.path.join(cls.dir, "issuing.pem")
        run("openssl", "x509", "-inform", "DER", "-in", os.path.join(cls.dir, "issuing.der"), "-out", cls.issuing)
        cls.chain = os.path.join(cls.dir, "chain.pem")
        with open(cls.chain, "w") as f:
            f.write(open(cls.issuing).read() + open(cls.ck.root_ca).read())

    @classmethod
    def tearDownClass(cls):
        cls.ck.__exit__(None, None, None)
        subprocess.run(["rm", "-rf", cls.dir])

    def issue(self, name):
        csr = os.path.join(self.dir, name + ".csr")
        subprocess.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null "
                       "-subj /CN=%s -addext subjectAltName=DNS:%s -out %s" % (name, name, csr),
                       shell=True, check=True, capture_output=True)
        leaf = os.path.join(self.dir, name + ".pem")
        out = run(BIN, "cert", "issue", "--data-dir", self.ck.data_dir, "--csr", csr, "--format", "pemco", "-o", leaf)
        self.assertEqual(out.returncode, 0, out.stderr)
        return leaf, re.search(r"issued serial ([0-9a-f]+)", out.stderr).group(1)

    def ocsp(self, leaf, *extra):
        return run("openssl", "ocsp", "-issuer", self.issuing, "-cert", leaf, "-url", self.base + "/ocsp",
                   "-CAfile", self.ck.root_ca, "-no_nonce", *extra)

    def crl(self):
        path = os.path.join(self.dir, "current.crl")
        out = run("curl", "-sSf", self.base + "/crl/issuing-1.crl", "-o", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        verify = run("openssl", "crl", "-inform", "DER", "-in", path, "-CAfile", self.chain, "-noout", "-verify")
        self.assertIn("verify OK", verify.stdout + verify.stderr)
        return run("openssl", "crl", "-inform", "DER", "-in", path, "-noout", "-text").stdout

    def test_the_issued_certificate_points_to_the_responder_and_the_crl(self):
        leaf, _ = self.issue("aia.example.test")
        text = run("openssl", "x509", "-noout", "-text", "-in", leaf).stdout
        self.assertIn("OCSP - URI:http://localhost:8080/ocsp", text)
        self.assertIn("URI:http://localhost:8080/crl/issuing-1.crl", text)

    def test_ocsp_good_then_revoked_and_the_crl_follows(self):
        good, _ = self.issue("good.example.test")
        bad, bad_serial = self.issue("bad.example.test")
        revoke = run(BIN, "cert", "revoke", bad_serial, "--reason", "keyCompromise", "--data-dir", self.ck.data_dir)
        self.assertEqual(revoke.returncode, 0, revoke.stderr)
        out = self.ocsp(good)
        self.assertIn("Response verify OK", out.stderr)
        self.assertIn(": good", out.stdout)
        out = self.ocsp(bad)
        self.assertIn("Response verify OK", out.stderr)
        self.assertIn(": revoked", out.stdout)
        self.assertIn("Reason: keyCompromise", out.stdout)
        # The CRL is rebuilt within a few seconds of the revocation.
        deadline = time.time() + 20
        text = ""
        while time.time() < deadline:
            text = self.crl()
            if bad_serial.upper().lstrip("0") in text.upper():
                break
            time.sleep(1)
        self.assertIn(bad_serial.upper().lstrip("0"), text.upper().replace(":", ""))
        self.assertIn("Key Compromise", text)
        # Verification of the revoked certificate against that CRL fails as it should.
        crl_pem = os.path.join(self.dir, "crl.pem")
        run("openssl", "crl", "-inform", "DER", "-in", os.path.join(self.dir, "current.crl"), "-out", crl_pem)
        checked = run("openssl", "verify", "-crl_check", "-CAfile", self.ck.root_ca, "-untrusted", self.issuing,
                      "-CRLfile", crl_pem, bad)
        self.assertIn("certificate revoked", checked.stdout + checked.stderr)
        ok = run("openssl", "verify", "-crl_check", "-CAfile", self.ck.root_ca, "-untrusted", self.issuing,
                 "-CRLfile", crl_pem, good)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)

    def test_ocsp_unknown_serial(self):
        out = run("openssl", "ocsp", "-issuer", self.issuing, "-serial", "0x0123456789abcdef0123",
                  "-url", self.base + "/ocsp", "-CAfile", self.ck.root_ca, "-no_nonce")
        self.assertIn("Response verify OK", out.stderr)
        self.assertIn(": unknown", out.stdout)

    def test_ocsp_get_form_with_slash_plus_and_percent_escapes(self):
        leaf, _ = self.issue("get.example.test")
        req = os.path.join(self.dir, "req.der")
        run("openssl", "ocsp", "-issuer", self.issuing, "-cert", leaf, "-no_nonce", "-reqout", req)
        b64 = base64.b64encode(open(req, "rb").read()).decode()
        for path in (b64, urllib.parse.quote(b64, safe=""), urllib.parse.quote(b64, safe="/+")):
            resp = os.path.join(self.dir, "resp.der")
            out = run("curl", "-sSf", self.base + "/ocsp/" + path, "-o", resp)
            self.assertEqual(out.returncode, 0, out.stderr)
            check = run("openssl", "ocsp", "-respin", resp, "-issuer", self.issuing, "-cert", leaf,
                        "-CAfile", self.ck.root_ca, "-no_nonce")
            self.assertIn("Response verify OK", check.stderr)
            self.assertIn(": good", check.stdout)

    def test_garbage_ocsp_request_gets_malformed_request(self):
        resp = os.path.join(self.dir, "bad.der")
        out = run("curl", "-sS", "-X", "POST", "--data-binary", "not der", "-H",
                  "Content-Type: application/ocsp-request", self.base + "/ocsp", "-o", resp)
        self.assertEqual(out.returncode, 0)
        text = run("openssl", "ocsp", "-respin", resp, "-resp_text", "-noverify").stdout
        self.assertIn("malformedrequest", text.replace(" ", "").lower())

    def test_unknown_crl_is_404(self):
        out = run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", self.base + "/crl/nope.crl")
        self.assertEqual(out.stdout, "404")


if __name__ == "__main__":
    unittest.main()
