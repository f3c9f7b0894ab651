"""Headless Chromium (Debian's) trusts an HTTPS server using a certificate certkeep issued,
with certkeep's root as the only added anchor, and refuses it without that anchor."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import BIN, free_port  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, **kw)


class ChromiumTrustTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-e2e-")
        t = self.tmp.name
        data = os.path.join(t, "var")
        self.assertEqual(run(BIN, "init", "--data-dir", data).returncode, 0)
        self.root = os.path.join(data, "ca", "root.pem")
        key, csr, self.chain = (os.path.join(t, n) for n in ("k.pem", "r.csr", "chain.pem"))
        subprocess.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout %s "
                       "-subj /CN=tls.example.test -addext subjectAltName=DNS:tls.example.test -out %s"
                       % (key, csr), shell=True, check=True, capture_output=True)
        out = run(BIN, "cert", "issue", "--data-dir", data, "--csr", csr, "--format", "x509", "-o", self.chain)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.port = free_port()
        self.server = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % self.port,
                                        "-cert", self.chain, "-cert_chain", self.chain, "-key", key,
                                        "-www", "-quiet"], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if run("openssl", "s_client", "-connect", "127.0.0.1:%d" % self.port, input="").returncode == 0:
                break
            time.sleep(0.1)

    def tearDown(self):
        self.server.kill()
        self.server.wait()
        self.tmp.cleanup()

    def page(self, trust_root):
        home = tempfile.mkdtemp(dir=self.tmp.name)
        nssdb = os.path.join(home, ".pki", "nssdb")
        os.makedirs(nssdb)
        run("certutil", "-d", "sql:" + nssdb, "-N", "--empty-password")
        if trust_root:
            out = run("certutil", "-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "certkeep", "-i", self.root)
            self.assertEqual(out.returncode, 0, out.stderr)
        profile = tempfile.mkdtemp(dir=self.tmp.name)
        out = run("chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile,
                  "--host-resolver-rules=MAP tls.example.test 127.0.0.1",
                  "--dump-dom", "https://tls.example.test:%d/" % self.port,
                  env=dict(os.environ, HOME=home))
        return out.stdout

    def test_trusted_with_the_certkeep_root(self):
        self.assertIn("s_server", self.page(trust_root=True))

    def test_refused_without_it(self):
        self.assertNotIn("s_server", self.page(trust_root=False))


if __name__ == "__main__":
    unittest.main()
