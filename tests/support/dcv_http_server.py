#!/usr/bin/env python3
"""A web server for domain validation tests: the peer certkeep's HTTP fetcher talks to.

    dcv_http_server.py --bind 127.0.0.1 --port 0 --root DIR
                       [--tls-cert PEM --tls-key PEM] [--port-file FILE]

Serves the files under DIR, and three made-up paths:
    GET /redirect?to=<url>&code=302   answers that redirect (code defaults to 302)
    GET /slow?seconds=N               sleeps N seconds, then answers 200 "slow"
    GET /big?bytes=N                  answers 200 with N bytes of "x"
A served file F may have companions that change how F is answered (so a test can make
the fixed validation path misbehave):
    F.redirect   holds a URL: F is answered with a 302 to it
    F.delay      holds seconds: F is answered after that long
Once listening it prints the port on stdout (one line) and, with --port-file, writes it
there too (atomically). Exits on SIGTERM. Standard library only.
"""

import argparse
import http.server
import os
import signal
import socket
import ssl
import sys
import time
import urllib.parse


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/redirect":
            self.send_response(int(query.get("code", ["302"])[0]))
            self.send_header("Location", query.get("to", ["/"])[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/slow":
            time.sleep(float(query.get("seconds", ["1"])[0]))
            self._answer(b"slow")
        elif url.path == "/big":
            self._answer(b"x" * int(query.get("bytes", ["0"])[0]))
        else:
            path = self.translate_path(url.path)
            if os.path.isfile(path + ".delay"):
                with open(path + ".delay") as f:
                    time.sleep(float(f.read().strip()))
            if os.path.isfile(path + ".redirect"):
                with open(path + ".redirect") as f:
                    target = f.read().strip()
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

    def _answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as certkeep does past its size limit

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    tls = None  # an ssl.SSLContext when serving HTTPS

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, on the request's own thread, so that a client
        # that never completes it does not hold up accept().
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--port-file")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")

    root = os.path.abspath(args.root)

    def handler(*a, **kw):
        return Handler(*a, directory=root, **kw)

    if ":" in args.bind:
        Server.address_family = socket.AF_INET6
    server = Server((args.bind, args.port), handler)
    if args.tls_cert:
        server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.tls.load_cert_chain(args.tls_cert, args.tls_key)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
