"""Integration tests of the CA engine through the real binary's operator commands,
checked with independent tools (openssl, curl)."""

import glob
import os
import random
import re
import signal
import subprocess
import tempfile
import time
import unittest

from harness import BIN, free_port, run


class CaCommandsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-ca-")
        cls.dir = cls.tmp.name
        cls.data = os.path.join(cls.dir, "var")
        out = run(BIN, "init", "--data-dir", cls.data)
        assert out.returncode == 0, out.stderr
        cls.root = os.path.join(cls.data, "ca", "root.pem")
        show = run(BIN, "ca", "show", "issuing-1", "--data-dir", cls.data)
        assert show.returncode == 0, show.stderr
        pem = show.stdout[show.stdout.index("-----BEGIN CERTIFICATE-----"):]
        cls.issuing = os.path.join(cls.dir, "issuing.pem")
        with open(cls.issuing, "w") as f:
            f.write(pem)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def csr(self, name, sans, key="ec -pkeyopt ec_paramgen_curve:P-256"):
        path = os.path.join(self.dir, name + ".csr")
        keyfile = os.path.join(self.dir, name + ".key")
        out = subprocess.run(
            "openssl req -new -newkey %s -nodes -keyout %s -subj '/CN=%s' -addext 'subjectAltName=%s' -out %s"
            % (key, keyfile, name, sans, path), shell=True, capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        return path, keyfile

    def issue(self, *args):
        return run(BIN, "cert", "issue", "--data-dir", self.data, *args)

    def verify(self, leaf, purpose="sslserver"):
        return run("openssl", "verify", "-x509_strict", "-purpose", purpose, "-CAfile", self.root,
                   "-untrusted", self.issuing, leaf)

    def test_ca_list_shows_the_hierarchy(self):
        out = run(BIN, "ca", "list", "--data-dir", self.data)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"root\troot\t.*certkeep Root CA")
        self.assertRegex(out.stdout, r"issuing-1\tissuing\t.*certkeep Issuing CA 1")

    def test_issue_show_revoke(self):
        csr, _ = self.csr("www.example.test", "DNS:www.example.test,DNS:example.test")
        leaf = os.path.join(self.dir, "www.pem")
        out = self.issue("--csr", csr, "--profile", "ssl-dv", "--format", "pemco", "-o", leaf)
        self.assertEqual(out.returncode, 0, out.stderr)
        serial = re.search(r"issued serial ([0-9a-f]+)", out.stderr).group(1)
        self.assertEqual(self.verify(leaf).returncode, 0)
        shown = run(BIN, "cert", "show", serial, "--data-dir", self.data)
        self.assertIn("status:     issued", shown.stdout)
        self.assertIn("www.example.test, example.test", shown.stdout)
        # The serial openssl reads is the one certkeep recorded.
        x = run("openssl", "x509", "-noout", "-serial", "-in", leaf).stdout
        self.assertEqual(x.strip().split("=")[1].lower().lstrip("0"), serial.lstrip("0"))
        revoked = run(BIN, "cert", "revoke", serial, "--reason", "keyCompromise", "--data-dir", self.data)
        self.assertEqual(revoked.returncode, 0, revoked.stderr)
        self.assertIn("status:     revoked", revoked.stdout)
        again = run(BIN, "cert", "revoke", serial, "--reason", "keyCompromise", "--data-dir", self.data)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already revoked", again.stderr)

    def test_chain_formats(self):
        csr, _ = self.csr("fmt.example.test", "DNS:fmt.example.test")
        p7 = os.path.join(self.dir, "fmt.p7b")
        self.assertEqual(self.issue("--csr", csr, "--format", "base64", "-o", p7).returncode, 0)
        certs = run("openssl", "pkcs7", "-print_certs", "-in", p7).stdout
        subjects = re.findall(r"subject=(.*)", certs)
        self.assertEqual(len(subjects), 3, certs)
        self.assertIn("fmt.example.test", subjects[0])
        self.assertIn("Root", subjects[2])
        der = os.path.join(self.dir, "fmt.der")
        self.assertEqual(self.issue("--csr", csr, "--format", "der", "-o", der).returncode, 0)
        self.assertEqual(run("openssl", "x509", "-inform", "DER", "-noout", "-in", der).returncode, 0)
        bad = self.issue("--csr", csr, "--format", "x509XYZ")
        self.assertEqual(bad.returncode, 1)
        self.assertIn("unknown certificate format", bad.stderr)

    def test_a_bad_csr_is_refused_with_its_reason(self):
        csr, _ = self.csr("weak.example.test", "DNS:weak.example.test", key="rsa:1024")
        out = self.issue("--csr", csr)
        self.assertEqual(out.returncode, 1)
        self.assertIn("1024", out.stderr)

    def test_curl_trusts_a_server_with_an_issued_certificate(self):
        # "localhost" is an internal name the default profiles refuse: use a real-looking
        # name and tell curl where it lives.
        csr, key = self.csr("tls.example.test", "DNS:tls.example.test")
        chain = os.path.join(self.dir, "tls-chain.pem")
        self.assertEqual(self.issue("--csr", csr, "--format", "x509", "-o", chain).returncode, 0)
        server, port = None, None
        try:
            for _ in range(50):
                if server is None or server.poll() is not None:
                    # A port handed out by the kernel can still be taken by another test
                    # before s_server binds it: start again on a fresh one.
                    port = free_port()
                    server = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", chain,
                                               "-cert_chain", chain, "-key", key, "-www", "-quiet"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                              stdin=subprocess.DEVNULL)
                out = run("curl", "-sS", "--cacert", self.root, "--resolve",
                          "tls.example.test:%d:127.0.0.1" % port, "https://tls.example.test:%d/" % port)
                if out.returncode == 0:
                    break
                time.sleep(0.1)
            self.assertEqual(out.returncode, 0, out.stderr)
        finally:
            server.kill()
            server.wait()


class CaAdministrationTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="certkeep-caadm-")
        self.dir = self.tmp.name
        self.data = os.path.join(self.dir, "var")
        self.assertEqual(run(BIN, "init", "--data-dir", self.data).returncode, 0)
        self.csr = os.path.join(self.dir, "a.csr")
        subprocess.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null "
                       "-subj /CN=adm.example.test -addext subjectAltName=DNS:adm.example.test -out " + self.csr,
                       shell=True, check=True, capture_output=True)

    def tearDown(self):
        self.tmp.cleanup()

    def sh(self, cmd):
        out = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=self.dir)
        self.assertEqual(out.returncode, 0, out.stderr)

    def issue_and_verify(self, ca, root_pem, issuing_pem):
        leaf = os.path.join(self.dir, ca + "-leaf.pem")
        out = run(BIN, "cert", "issue", "--data-dir", self.data, "--csr", self.csr, "--ca", ca, "--format", "pemco",
                  "-o", leaf)
        self.assertEqual(out.returncode, 0, out.stderr)
        verify = run("openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", root_pem,
                     "-untrusted", issuing_pem, leaf)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)

    def test_a_second_issuing_ca(self):
        out = run(BIN, "ca", "add-issuing", "--name", "issuing-2", "--cn", "Second Issuing CA", "--data-dir", self.data)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"issuing-2\tissuing\t.*Second Issuing CA")
        show = run(BIN, "ca", "show", "issuing-2", "--data-dir", self.data).stdout
        issuing = os.path.join(self.dir, "issuing-2.pem")
        with open(issuing, "w") as f:
            f.write(show[show.index("-----BEGIN CERTIFICATE-----"):])
        self.issue_and_verify("issuing-2", os.path.join(self.data, "ca", "root.pem"), issuing)

    def test_import_an_existing_root_and_an_issuing_ca_from_pkcs12(self):
        # An existing hierarchy, made with the openssl command line.
        self.sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext-root.key "
                "-subj '/CN=Existing Root' -days 3650 -out ext-root.pem "
                "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign")
        self.sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext-issuing.key "
                "-subj '/CN=Existing Issuing' -out ext-issuing.csr")
        self.sh("printf 'basicConstraints=critical,CA:TRUE,pathlen:0\\nkeyUsage=critical,digitalSignature,"
                "keyCertSign,cRLSign\\nsubjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid:always\\n' > ext.cnf")
        self.sh("openssl x509 -req -in ext-issuing.csr -CA ext-root.pem -CAkey ext-root.key -CAcreateserial "
                "-days 1825 -out ext-issuing.pem -extfile ext.cnf")
        self.sh("printf secret > p12.pass && openssl pkcs12 -export -inkey ext-issuing.key -in ext-issuing.pem "
                "-passout file:p12.pass -out ext-issuing.p12")
        # An issuing CA whose issuer certkeep does not know is refused.
        early = run(BIN, "ca", "import", "--name", "ext-issuing", "--pkcs12", os.path.join(self.dir, "ext-issuing.p12"),
                    "--pkcs12-password-file", os.path.join(self.dir, "p12.pass"), "--data-dir", self.data)
        self.assertEqual(early.returncode, 1)
        self.assertIn("import its issuer first", early.stderr)
        # A key that is not the certificate's is refused.
        wrong = run(BIN, "ca", "import", "--name", "ext-root", "--cert", os.path.join(self.dir, "ext-root.pem"),
                    "--key", os.path.join(self.dir, "ext-issuing.key"), "--data-dir", self.data)
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("does not belong", wrong.stderr)
        out = run(BIN, "ca", "import", "--name", "ext-root", "--cert", os.path.join(self.dir, "ext-root.pem"),
                  "--key", os.path.join(self.dir, "ext-root.key"), "--data-dir", self.data)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = run(BIN, "ca", "import", "--name", "ext-issuing", "--pkcs12", os.path.join(self.dir, "ext-issuing.p12"),
                  "--pkcs12-password-file", os.path.join(self.dir, "p12.pass"), "--data-dir", self.data)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"ext-issuing\tissuing\t.*Existing Issuing")
        self.issue_and_verify("ext-issuing", os.path.join(self.dir, "ext-root.pem"),
                              os.path.join(self.dir, "ext-issuing.pem"))


class CrashSafetyTest(unittest.TestCase):
    def test_sigkill_during_issuance_loses_no_record_and_reuses_no_serial(self):
        with tempfile.TemporaryDirectory(prefix="certkeep-crash-") as tmp:
            data = os.path.join(tmp, "var")
            self.assertEqual(run(BIN, "init", "--data-dir", data).returncode, 0)
            csr = os.path.join(tmp, "c.csr")
            subprocess.run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                           "-keyout /dev/null -subj /CN=crash.example.test "
                           "-addext subjectAltName=DNS:crash.example.test -out " + csr,
                           shell=True, check=True, capture_output=True)
            outdir = os.path.join(tmp, "out")
            os.mkdir(outdir)
            # A loop of issuances; each certificate that reaches the operator is written out.
            loop = subprocess.Popen(
                ["bash", "-c", 'i=0; while true; do i=$((i+1)); "$0" cert issue --data-dir "$1" --csr "$2" '
                 '--format pemco -o "$3/$i.pem" 2>/dev/null || true; done', BIN, data, csr, outdir],
                start_new_session=True)
            def delivered():
                return [f for f in glob.glob(os.path.join(outdir, "*.pem")) if os.path.getsize(f) > 0]
            # Kills at varied moments, until both enough kills and enough deliveries have happened: a fixed
            # period shorter than one issuance on a loaded machine would kill every run before it delivers.
            rng = random.Random(7)
            kills = 0
            deadline = time.time() + 60
            while (kills < 5 or len(delivered()) < 5) and time.time() < deadline:
                time.sleep(rng.uniform(0.1, 1.0))
                # SIGKILL whichever certkeep is running right now, mid-issuance.
                pids = run("pgrep", "-f", "cert issue --data-dir " + data).stdout.split()
                for pid in pids:
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                        kills += 1
                    except ProcessLookupError:
                        pass
            os.killpg(loop.pid, signal.SIGKILL)
            loop.wait()
            self.assertGreater(kills, 0)
            files = delivered()
            self.assertGreaterEqual(len(files), 5)
            serials = set()
            for f in files:
                serial = run("openssl", "x509", "-noout", "-serial", "-in", f).stdout.strip().split("=")[1].lower()
                self.assertNotIn(serial, serials)
                serials.add(serial)
                shown = run(BIN, "cert", "show", serial, "--data-dir", data)
                self.assertEqual(shown.returncode, 0, shown.stderr)
                self.assertIn("status:     issued", shown.stdout)
                stored = run(BIN, "cert", "show", serial, "--format", "pemco", "--data-dir", data).stdout
                with open(f) as delivered:
                    self.assertEqual(stored, delivered.read())
            # After the kills, issuance goes on and never repeats a serial.
            for i in range(5):
                out = run(BIN, "cert", "issue", "--data-dir", data, "--csr", csr, "--format", "pemco")
                self.assertEqual(out.returncode, 0, out.stderr)
                serial = re.search(r"issued serial ([0-9a-f]+)", out.stderr).group(1)
                self.assertNotIn(serial, serials)
                serials.add(serial)


if __name__ == "__main__":
    unittest.main()
