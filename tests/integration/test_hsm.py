"""The issuing CA's key in a PKCS#11 token (SoftHSM2): certkeep issues and signs CRLs with
it through the real binary, and the key never leaves the token."""

import os
import re
import subprocess
import tempfile
import unittest

from harness import BIN, Certkeep

MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def run(*args, env=None, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, env=env, **kw)


class HsmTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-hsm-")
        t = cls.tmp.name
        os.mkdir(os.path.join(t, "tokens"))
        conf = os.path.join(t, "softhsm2.conf")
        with open(conf, "w") as f:
            f.write("directories.tokendir = %s/tokens\nobjectstore.backend = file\n" % t)
        cls.env = dict(os.environ, SOFTHSM2_CONF=conf, CERTKEEP_CA_PKCS11_MODULE=MODULE)
        cls.label = "ck-it-%d" % os.getpid()
        out = run("softhsm2-util", "--init-token", "--free", "--label", cls.label, "--pin", "1234",
                  "--so-pin", "5678", env=cls.env)
        assert out.returncode == 0, out.stderr
        out = run("pkcs11-tool", "--module", MODULE, "--token-label", cls.label, "--login", "--pin", "1234",
                  "--keypairgen", "--key-type", "EC:prime256v1", "--id", "01", "--label", "issuing-key",
                  env=cls.env)
        assert out.returncode == 0, out.stderr
        cls.pin = os.path.join(t, "pin")
        with open(cls.pin, "w") as f:
            f.write("1234")
        cls.uri = "pkcs11:token=%s;object=issuing-key;type=private;pin-source=file:%s" % (cls.label, cls.pin)
        cls.data = os.path.join(t, "var")
        out = run(BIN, "ca", "init", "--data-dir", cls.data, "--issuing-key", cls.uri, env=cls.env)
        assert out.returncode == 0, out.stdout + out.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_issuing_key_stays_in_the_token(self):
        keys = os.listdir(os.path.join(self.data, "ca", "keys"))
        self.assertEqual(len(keys), 1, keys)  # only the root's key is a file
        shown = run(BIN, "ca", "show", "issuing-1", "--data-dir", self.data, env=self.env)
        self.assertIn("key:        pkcs11:token=%s;object=issuing-key" % self.label, shown.stdout)
        self.assertNotIn("1234", shown.stdout)
        objects = run("pkcs11-tool", "--module", MODULE, "--token-label", self.label, "--login", "--pin", "1234",
                      "--list-objects", "--type", "privkey", env=self.env).stdout
        self.assertIn("never extractable", objects)
        self.assertIn("sensitive", objects)

    def test_certificates_signed_in_the_token_verify(self):
        csr = os.path.join(self.tmp.name, "h.csr")
        subprocess.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null "
                       "-subj /CN=hsm.example.test -addext subjectAltName=DNS:hsm.example.test -out " + csr,
                       shell=True, check=True, capture_output=True)
        chain = os.path.join(self.tmp.name, "chain.pem")
        out = run(BIN, "cert", "issue", "--data-dir", self.data, "--csr", csr, "--format", "x509", "-o", chain,
                  env=self.env)
        self.assertEqual(out.returncode, 0, out.stderr)
        pems = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", open(chain).read(), re.S)
        leaf, issuing = os.path.join(self.tmp.name, "leaf.pem"), os.path.join(self.tmp.name, "issuing.pem")
        open(leaf, "w").write(pems[0])
        open(issuing, "w").write(pems[1])
        root = os.path.join(self.data, "ca", "root.pem")
        verify = run("openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", root,
                     "-untrusted", issuing, leaf)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        certtool = run("certtool", "--verify", "--load-ca-certificate", root, "--infile", chain)
        self.assertIn("Chain verification output: Verified", certtool.stdout + certtool.stderr)

    def test_the_server_signs_crls_and_ocsp_in_the_token(self):
        with Certkeep(data_dir=self.data, env={k: self.env[k] for k in ("SOFTHSM2_CONF", "CERTKEEP_CA_PKCS11_MODULE")}) as ck:
            crl = os.path.join(self.tmp.name, "c.crl")
            out = run("curl", "-sSf", "http://127.0.0.1:%d/crl/issuing-1.crl" % ck.plain_port, "-o", crl)
            self.assertEqual(out.returncode, 0, out.stderr)
            issuing = os.path.join(self.tmp.name, "issuing-ca.pem")
            run("curl", "-sSf", "http://127.0.0.1:%d/ca/issuing-1.crt" % ck.plain_port, "-o", issuing + ".der")
            run("openssl", "x509", "-inform", "DER", "-in", issuing + ".der", "-out", issuing)
            bundle = os.path.join(self.tmp.name, "bundle.pem")
            open(bundle, "w").write(open(issuing).read() + open(ck.root_ca).read())
            verify = run("openssl", "crl", "-inform", "DER", "-in", crl, "-CAfile", bundle, "-noout", "-verify")
            self.assertIn("verify OK", verify.stdout + verify.stderr)

    def test_a_pin_in_the_stored_uri_is_refused(self):
        with tempfile.TemporaryDirectory() as other:
            out = run(BIN, "ca", "init", "--data-dir", os.path.join(other, "var"), "--issuing-key",
                      "pkcs11:token=%s;object=issuing-key;type=private;pin-value=1234" % self.label, env=self.env)
            self.assertEqual(out.returncode, 2)
            self.assertIn("pin-source", out.stderr)


if __name__ == "__main__":
    unittest.main()
