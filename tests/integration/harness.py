"""Starts the real certkeep binary on a free port with a temporary data directory.

Used by the integration tests; every client they use is independent of certkeep
(curl, Python's ssl module, openssl)."""

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time

BIN = os.environ.get("CERTKEEP_BIN", "certkeep")
SERVING = re.compile(r"certkeep is serving (https)://([0-9.]+):(\d+)/")
SERVING_PLAIN = re.compile(r"certkeep is serving (http)://([0-9.]+):(\d+)/")


class Certkeep:
    """One `certkeep serve` process; use as a context manager."""

    def __init__(self, env=None, args=(), data_dir=None, wait_healthy=True, shifted=False):
        self._tmp = None if data_dir else tempfile.TemporaryDirectory(prefix="certkeep-it-")
        self.data_dir = data_dir or os.path.join(self._tmp.name, "var")
        self.env = dict(os.environ)
        self.env["CERTKEEP_HTTP_LISTEN"] = "127.0.0.1:0"
        self.env["CERTKEEP_HTTP_PLAIN_LISTEN"] = "127.0.0.1:0"
        self.env.update(env or {})
        self.args = list(args)
        self._wait_healthy = wait_healthy
        # A server whose clock is shifted (--test-clock-offset) serves certificates that a
        # verifier on the real clock refuses: its API is then called without verification.
        self._shifted = shifted
        self.proc = None
        self.port = None
        self.plain_port = None
        self.lines = []
        self._ready = threading.Event()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if self._tmp:
            self._tmp.cleanup()

    def start(self, timeout=60):
        self.proc = subprocess.Popen(
            [BIN, "serve", "--data-dir", self.data_dir, *self.args],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError("certkeep did not start:\n" + "\n".join(self.lines))
        if self.port is None:
            raise RuntimeError("certkeep exited:\n" + "\n".join(self.lines))
        if self._wait_healthy:
            self.wait_healthy()

    def _read(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            plain = SERVING_PLAIN.search(line)
            if plain and self.plain_port is None:
                self.plain_port = int(plain.group(3))
            m = SERVING.search(line)
            if m and self.port is None:
                self.port = int(m.group(3))
            if line.startswith("try: curl") and self.port is not None:
                self._ready.set()  # printed after every listener's line
        self._ready.set()

    @property
    def demo_credentials(self):
        """(customerUri, login, one-time password) of the demo MRAO, as printed once."""
        for line in self.lines:
            m = re.search(r"demo MRAO: login=(\S+) one-time password=(\S+)", line)
            if m:
                return ("demo", m.group(1), m.group(2))
        raise RuntimeError("no demo MRAO line in:\n" + "\n".join(self.lines))

    def api(self, method, path, auth=None, body=None, headers=()):
        """Calls the REST API with curl: `auth` is (customerUri, login, password) sent as
        SCM's headers. Returns (status, headers text, parsed JSON body or text)."""
        args = ["-X", method]
        if auth:
            args += ["-H", "customerUri: " + auth[0], "-H", "login: " + auth[1],
                     "-H", "password: " + auth[2]]
        for h in headers:
            args += ["-H", h]
        if body is not None:
            args += ["-H", "Content-Type: application/json", "--data-binary",
                     body if isinstance(body, str) else json.dumps(body)]
        status, head, text = self.curl(path, *args)
        try:
            return status, head, json.loads(text) if text else None
        except ValueError:
            return status, head, text

    def demo_mrao(self, password, credentials=None):
        """Changes the demo MRAO's one-time password to `password` (its first login);
        returns its credentials as api() takes them. `credentials`: the one-time ones when
        another instance on the same data printed them."""
        uri, login, first = credentials or self.demo_credentials
        status, _, body = self.api("POST", "/api/admin/v1/changepassword", (uri, login, first),
                                   {"newPassword": password})
        if status != 204:
            raise RuntimeError("first password change failed: %s" % body)
        return (uri, login, password)

    def create_org(self, by, body):
        """Creates an organization (or, with parentOrgId, a department) as `by`; returns
        its id."""
        status, headers, out = self.api("POST", "/api/organization/v1", by, body)
        if status != 201:
            raise RuntimeError("organization create failed: %s" % out)
        return location_id(headers)

    def delegate_domain(self, by, name, org, privileges):
        """Registers the domain `name` as `by`, delegated to `org` for SSL certificates
        with `privileges` (SCM's domainCertificateRequestPrivileges)."""
        status, _, out = self.api("POST", "/api/domain/v1", by, {
            "name": name, "delegations": [{"orgId": org, "certTypes": ["SSL"],
                                           "domainCertificateRequestPrivileges": list(privileges)}]})
        if status != 201:
            raise RuntimeError("domain create failed: %s" % out)

    def validate_by_txt(self, by, dns, name):
        """Validates `name` by the TXT method, the record served by `dns` (dcv_peers.Dns)."""
        path = "/api/dcv/v1/validation/submit/domain/txt"
        _, _, sub = self.api("POST", path, by, {"domain": name})
        dns.add("txt-record=_pki-validation.%s,%s" % (name, sub["point"]))
        _, _, done = self.api("POST", path, by, {"domain": name})
        if done.get("status") != "VALIDATED":
            raise RuntimeError("TXT validation of %s failed: %s" % (name, done))

    def make_admin(self, by, login, role, org, privileges, password):
        """Creates an admin of the demo customer holding `role` at `org` and makes its
        first password change to `password`; returns its credentials."""
        first = "first password for this one"
        status, _, body = self.api("POST", "/api/admin/v1", by, {
            "login": login, "email": login + "@demo.example", "forename": "Test",
            "surname": "Admin", "password": first, "credentials": [{"role": role, "orgId": org}],
            "privileges": privileges})
        if status != 201:
            raise RuntimeError("admin create failed: %s" % body)
        status, _, body = self.api("POST", "/api/admin/v1/changepassword", ("demo", login, first),
                                   {"newPassword": password})
        if status != 204:
            raise RuntimeError("password change failed: %s" % body)
        return ("demo", login, password)

    def cli(self, *args, stdin=None):
        """Runs a certkeep command on this server's data directory."""
        out = subprocess.run([BIN, *args, "--data-dir", self.data_dir], env=self.env,
                             input=stdin, capture_output=True, text=True)
        return out.returncode, out.stdout + out.stderr

    @property
    def root_ca(self):
        return os.path.join(self.data_dir, "ca", "root.pem")

    @property
    def url(self):
        return "https://localhost:%d" % self.port

    def wait_healthy(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, _, _ = self.curl("/healthz")
            if status == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("certkeep never became healthy")

    def curl(self, path, *args):
        """Runs curl against the server, trusting only certkeep's root CA.

        Returns (status, headers text, body)."""
        with tempfile.NamedTemporaryFile() as headers:
            out = subprocess.run(
                ["curl", "-sS", "--max-time", "30",
                 *(["--insecure"] if self._shifted else ["--cacert", self.root_ca]),
                 "-D", headers.name, "-w", "\n%{http_code}", *args, self.url + path],
                capture_output=True, text=True)
            body, _, code = out.stdout.rpartition("\n")
            with open(headers.name) as f:
                return int(code or 0), f.read(), body

    def tls_socket(self):
        ctx = ssl.create_default_context(cafile=self.root_ca)
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return ctx.wrap_socket(raw, server_hostname="localhost")

    def access_log(self):
        out = []
        for line in self.lines:
            if line.startswith("{"):
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("type") == "access":
                    out.append(entry)
        return out

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self._reader.join(5)
            self.proc.stdout.close()
        return self.proc.returncode if self.proc else None


def free_port(kind=socket.SOCK_STREAM):
    """A port the kernel has just handed out on 127.0.0.1; the caller binds it soon after."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, **kw):
    """Runs a command (openssl, curl, ...) and returns its CompletedProcess, text mode."""
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, **kw)


def location_id(headers):
    """The id at the end of an absolute https Location header (SCM's 201 answers)."""
    m = re.search(r"(?im)^location: https://\S+/(\d+)\s*$", headers)
    assert m, headers
    return int(m.group(1))


def read_response(sock):
    """Reads one HTTP/1.1 response with a Content-Length body from a socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data.decode(errors="replace")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)content-length: (\d+)", head)
    length = int(m.group(1)) if m else 0
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return (head + b"\r\n\r\n" + body).decode(errors="replace")
