"""Integration tests of the spine: the real binary over TLS with independent clients."""

import json
import os
import signal
import socket
import stat
import subprocess
import tempfile
import time
import unittest

from harness import BIN, Certkeep, read_response


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = Certkeep(args=["--test-mode"])
        cls.ck.start()

    @classmethod
    def tearDownClass(cls):
        cls.ck.__exit__(None, None, None)

    def test_healthz_over_tls_trusting_only_the_printed_root(self):
        status, headers, body = self.ck.curl("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"status": "ok"})
        self.assertRegex(headers, r"(?i)x-request-id: \S+")

    def test_the_server_certificate_chains_to_the_root_for_openssl(self):
        out = subprocess.run(
            ["openssl", "s_client", "-connect", "127.0.0.1:%d" % self.ck.port,
             "-servername", "localhost", "-verify_hostname", "localhost",
             "-CAfile", self.ck.root_ca, "-verify_return_error", "-brief"],
            input="", capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Verification: OK", out.stderr)

    def test_tls_1_1_is_refused_and_1_2_accepted(self):
        old = subprocess.run(["curl", "-sS", "--cacert", self.ck.root_ca, "--tlsv1.1",
                              "--tls-max", "1.1", self.ck.url + "/healthz"],
                             capture_output=True, text=True)
        self.assertNotEqual(old.returncode, 0)
        ok = subprocess.run(["curl", "-sS", "--cacert", self.ck.root_ca, "--tlsv1.2",
                             "--tls-max", "1.2", self.ck.url + "/healthz"],
                            capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_a_2_mib_body_to_an_api_path_is_413_in_the_scm_shape(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"x" * (2 << 20))
            f.flush()
            status, _, body = self.ck.curl("/api/ssl/v1/enroll", "-X", "POST",
                                           "-H", "Content-Type: application/json",
                                           "--data-binary", "@" + f.name)
        self.assertEqual(status, 413)
        error = json.loads(body)
        self.assertEqual(set(error), {"code", "description"})
        self.assertLess(error["code"], 0)
        self.assertIn("1048576", error["description"])

    def test_a_2_mib_body_sent_without_expect_still_gets_its_413(self):
        sock = self.ck.tls_socket()
        sock.sendall(b"POST /api/ssl/v1/enroll HTTP/1.1\r\nHost: localhost\r\n"
                     b"Content-Length: 2097152\r\n\r\n")
        try:
            sock.sendall(b"y" * (2 << 20))
        except OSError:
            pass  # the server may stop reading after draining; the response is what counts
        response = read_response(sock)
        sock.close()
        self.assertTrue(response.startswith("HTTP/1.1 413 "), response[:200])

    def test_unknown_api_route_is_404_in_the_scm_shape(self):
        status, _, body = self.ck.curl("/api/nothing/v1/here")
        self.assertEqual(status, 404)
        self.assertEqual(set(json.loads(body)), {"code", "description"})

    def test_a_garbage_request_line_is_400(self):
        sock = self.ck.tls_socket()
        sock.sendall(b"\x16GARBAGE \x00\x01 NOT-HTTP\r\n\r\n")
        response = read_response(sock)
        sock.close()
        self.assertTrue(response.startswith("HTTP/1.1 400 "), response[:200])
        self.assertEqual(self.ck.curl("/healthz")[0], 200)

    def test_100_idle_connections_cost_nothing(self):
        socks = []
        for i in range(100):
            raw = socket.create_connection(("127.0.0.1", self.ck.port), timeout=10)
            socks.append(raw)
        # While they sit there, doing nothing, the server keeps answering.
        self.assertEqual(self.ck.curl("/healthz")[0], 200)
        for s in socks:
            s.close()
        half = []
        for i in range(20):
            s = self.ck.tls_socket()
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: local")  # half a request
            half.append(s)
        self.assertEqual(self.ck.curl("/healthz")[0], 200)
        for s in half:
            s.close()
        self.assertEqual(self.ck.curl("/healthz")[0], 200)

    def test_metrics_count_requests_by_route(self):
        self.ck.curl("/healthz")
        status, headers, body = self.ck.curl("/metrics")
        self.assertEqual(status, 200)
        self.assertRegex(headers, r"(?i)content-type: text/plain; version=0.0.4")
        self.assertRegex(body, r'certkeep_http_requests_total\{method="GET",route="/healthz",status="200"\} \d+')
        self.assertIn("certkeep_http_request_duration_seconds_bucket", body)

    def test_access_log_is_json_lines_without_queries(self):
        self.ck.curl("/healthz?token=hunter2", "-H", "User-Agent: it-\"quoted\"")
        deadline = time.time() + 5  # the access log is flushed every second
        mine = []
        while not mine and time.time() < deadline:
            time.sleep(0.2)
            mine = [e for e in self.ck.access_log() if e.get("user_agent") == 'it-"quoted"']
        self.assertTrue(mine, "no access-log line for the request")
        last = mine[-1]
        self.assertEqual(last["path"], "/healthz")
        self.assertEqual(last["route"], "/healthz")
        self.assertEqual(last["status"], 200)
        for field in ("ts", "request_id", "method", "status", "duration_ms", "remote"):
            self.assertIn(field, last)
        self.assertNotIn("hunter2", "\n".join(self.ck.lines))

    def test_data_dir_secrets_are_private(self):
        d = self.ck.data_dir
        for path in ("secrets/ca-passphrase", "tls/server.key", "certkeep.toml"):
            mode = stat.S_IMODE(os.stat(os.path.join(d, path)).st_mode)
            self.assertEqual(mode, 0o600, path)
        keys = os.listdir(os.path.join(d, "ca", "keys"))
        self.assertEqual(len(keys), 2)
        for k in keys:
            with open(os.path.join(d, "ca", "keys", k)) as f:
                self.assertIn("ENCRYPTED PRIVATE KEY", f.read())
        passphrase = open(os.path.join(d, "secrets", "ca-passphrase")).read().strip()
        self.assertNotIn(passphrase, "\n".join(self.ck.lines))


class LifecycleTest(unittest.TestCase):
    def test_sigterm_lets_a_request_in_flight_complete(self):
        with Certkeep() as ck:
            sock = ck.tls_socket()
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")  # not finished
            idle = ck.tls_socket()
            time.sleep(0.3)
            ck.signal(signal.SIGTERM)
            time.sleep(0.5)
            self.assertIsNone(ck.proc.poll(), "exited with a request in flight")
            sock.sendall(b"\r\n")
            response = read_response(sock)
            self.assertTrue(response.startswith("HTTP/1.1 200 "), response[:200])
            self.assertRegex(response, r"(?i)connection: close")
            self.assertEqual(idle.recv(1), b"")  # the idle connection was closed
            self.assertEqual(ck.proc.wait(15), 0)
            self.assertTrue(any("stopped; closing the store" in line for line in ck.lines))

    def test_restart_reuses_the_data_dir(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "var")
            with Certkeep(data_dir=data) as first:
                root = open(first.root_ca).read()
            with Certkeep(data_dir=data) as second:
                self.assertEqual(open(second.root_ca).read(), root)
                self.assertFalse(any("created the root CA" in l for l in second.lines))
                self.assertEqual(second.curl("/healthz")[0], 200)

    def test_postgres_backend(self):
        dsn = os.environ.get("CERTKEEP_TEST_POSTGRES_DSN")
        if not dsn:
            if os.environ.get("CI") == "true":
                self.fail("CERTKEEP_TEST_POSTGRES_DSN not set in CI")
            self.skipTest("CERTKEEP_TEST_POSTGRES_DSN not set")
        db = "it_%d" % os.getpid()
        admin = dsn.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", "-q", admin, "-c", "create database " + db], check=True)
        try:
            env = {"CERTKEEP_STORE_BACKEND": "postgres",
                   "CERTKEEP_STORE_POSTGRES_DSN": dsn.rsplit("/", 1)[0] + "/" + db}
            with Certkeep(env=env) as ck:
                self.assertTrue(any("store: postgres" in l for l in ck.lines))
                self.assertEqual(ck.curl("/healthz")[0], 200)
                out = subprocess.run(
                    ["psql", "-tA", env["CERTKEEP_STORE_POSTGRES_DSN"], "-c",
                     "select count(*) from certificate_authority"],
                    capture_output=True, text=True, check=True)
                self.assertEqual(out.stdout.strip(), "2")
        finally:
            subprocess.run(["psql", "-q", admin, "-c", "drop database if exists " + db + " with (force)"])


class CommandLineTest(unittest.TestCase):
    def run_ck(self, *args, env=None):
        e = dict(os.environ)
        e.update(env or {})
        return subprocess.run([BIN, *args], capture_output=True, text=True, env=e, timeout=60)

    def test_version_and_help(self):
        self.assertEqual(self.run_ck("version").returncode, 0)
        for cmd in ("init", "serve", "version"):
            out = self.run_ck(cmd, "--help")
            self.assertEqual(out.returncode, 0, cmd)
            self.assertIn("--help", out.stdout)

    def test_unknown_command_is_a_usage_error(self):
        self.assertEqual(self.run_ck("frobnicate").returncode, 2)

    def test_a_bad_value_stops_start_up_naming_the_key(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = self.run_ck("serve", "--data-dir", tmp,
                              env={"CERTKEEP_HTTP_MAX_BODY_BYTES": "lots"})
            self.assertEqual(out.returncode, 2)
            self.assertIn("http.max_body_bytes", out.stderr)

    def test_clock_offset_needs_test_mode(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = self.run_ck("serve", "--data-dir", tmp, "--test-clock-offset", "86400")
            self.assertEqual(out.returncode, 2)
            self.assertIn("--test-mode", out.stderr)

    def test_init_writes_a_commented_config_and_the_hierarchy(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "var")
            out = self.run_ck("init", "--data-dir", data)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("generated the CA key passphrase into", out.stdout)
            self.assertIn("root CA certificate:", out.stdout)
            config = open(os.path.join(data, "certkeep.toml")).read()
            self.assertIn("[http]", config)
            self.assertIn("# ", config)
            text = subprocess.run(["openssl", "x509", "-noout", "-subject", "-in",
                                   os.path.join(data, "ca", "root.pem")],
                                  capture_output=True, text=True).stdout
            self.assertIn("certkeep Root CA", text)
            again = self.run_ck("init", "--data-dir", data)
            self.assertEqual(again.returncode, 0)
            self.assertNotIn("created the root CA", again.stdout)

    def test_test_mode_clock_offset_moves_the_certificates_clock(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "var")
            args = ["--test-mode", "--test-clock-offset", "864000"]
            with Certkeep(data_dir=data, args=args, wait_healthy=False) as ck:
                self.assertTrue(any("TEST MODE" in l for l in ck.lines))
                # Its certificates start ten days from now, so a real verifier refuses them.
                out = subprocess.run(
                    ["openssl", "s_client", "-connect", "127.0.0.1:%d" % ck.port,
                     "-CAfile", ck.root_ca, "-verify_return_error", "-brief"],
                    input="", capture_output=True, text=True, timeout=30)
                self.assertNotEqual(out.returncode, 0)
                self.assertIn("not yet valid", out.stdout + out.stderr)

if __name__ == "__main__":
    unittest.main()
