"""The real peers of the domain control validation tests: dnsmasq serving the records a
test writes (restarted per change: its records are static), the HTTP(S) file server and
the SMTP sink from tests/support."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

from harness import free_port

SUPPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support")


def wait_for_file(path, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path) as f:
                return f.read().strip()
        time.sleep(0.05)
    raise RuntimeError("no " + path)


class Dns:
    """dnsmasq on 127.0.0.1, authoritative for the zone example.test alone."""

    def __init__(self, workdir):
        self.dir = workdir
        self.port = free_port(socket.SOCK_DGRAM)
        self.lines = []
        self.pid = None
        self.started = False

    def set(self, *lines):
        """Replaces the records (dnsmasq option lines, e.g. 'txt-record=a.example.test,v')
        and restarts dnsmasq so they are served."""
        self.lines = list(lines)
        self.restart()

    def add(self, *lines):
        self.lines += list(lines)
        self.restart()

    def restart(self):
        self.stop()
        conf = os.path.join(self.dir, "dnsmasq.conf")
        with open(conf, "w") as f:
            # Authoritative for the zone, so that a negative answer carries an SOA whose
            # TTL (0) says how long it may be remembered; a bare NXDOMAIN would be cached
            # by the resolver for good.
            f.write("auth-zone=example.test\nauth-server=ns.example.test,127.0.0.1\n"
                    "auth-ttl=0\n" + "\n".join(self.lines) + "\n")
        pid_file = os.path.join(self.dir, "dnsmasq.pid")
        if os.path.exists(pid_file):
            os.remove(pid_file)
        # dnsmasq also listens over TCP: a port another test took for TCP meanwhile makes
        # it fail; then move to another (the resolver is told at start, so only before the
        # server under test knows the port, i.e. on the first start).
        for attempt in range(5):
            out = subprocess.run(["dnsmasq", "--port=%d" % self.port, "--listen-address=127.0.0.1",
                                  "--bind-interfaces", "--no-resolv", "--no-hosts", "--no-poll",
                                  "--conf-file=" + conf, "--pid-file=" + pid_file],
                                 capture_output=True, text=True)
            if out.returncode == 0:
                break
            if "Address already in use" not in out.stderr or self.started:
                raise RuntimeError("dnsmasq: " + out.stderr)
            self.port = free_port(socket.SOCK_DGRAM)
        self.started = True
        self.pid = int(wait_for_file(pid_file))

    @classmethod
    def attach(cls, workdir, port):
        """The dnsmasq another process started in `workdir` on `port` (lego's DNS hook)."""
        dns = cls(workdir)
        dns.port = port
        dns.started = True
        dns.resync()
        return dns

    def resync(self):
        """Takes over what another process did to this dnsmasq: its records and its pid."""
        with open(os.path.join(self.dir, "dnsmasq.conf")) as f:
            self.lines = [l for l in f.read().splitlines()[3:] if l]  # after the 3 auth- lines
        self.pid = int(wait_for_file(os.path.join(self.dir, "dnsmasq.pid")))

    def stop(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(self.pid, 0)
                    time.sleep(0.02)
            except ProcessLookupError:
                pass
            self.pid = None


class Process:
    """A support script run until stop(); its port read from a port file."""

    def __init__(self, workdir, name, script, *args, port=0):
        self.port_file = os.path.join(workdir, name + ".port")
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(SUPPORT, script), "--port", str(port),
             "--port-file", self.port_file, *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = int(wait_for_file(self.port_file))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def http_server(workdir, name, root, *tls, port=0):
    return Process(workdir, name, "dcv_http_server.py", "--bind", "127.0.0.1", "--root", root,
                   *tls, port=port)


def smtp_sink(workdir, maildir, port=0):
    """An SMTP server storing what it receives in `maildir`; `port` 0 picks a free one."""
    os.makedirs(maildir, exist_ok=True)
    return Process(workdir, "smtp", "smtp_sink.py", "--maildir", maildir, port=port)


def messages(maildir):
    """The raw messages the sink received, oldest first."""
    names = sorted((n for n in os.listdir(maildir) if n.endswith(".eml")),
                   key=lambda n: int(n.split(".")[0]))
    out = []
    for n in names:
        with open(os.path.join(maildir, n), "rb") as f:
            out.append(f.read())
    return out


def envelope(maildir, index):
    with open(os.path.join(maildir, "%d.json" % index)) as f:
        return json.load(f)
