#!/usr/bin/python3
"""An SMTP server for tests that keeps every message it accepts.

Unit tests (tests/unit/notify) and the Python integration tests start it as a child
process and read what arrived from the mail directory:

    smtp_sink.py --port 0 --port-file F --maildir DIR
                 [--reject-rcpt SUBSTRING] [--tempfail-rcpt SUBSTRING]
                 [--tls-cert PEM --tls-key PEM [--auth LOGIN:PASSWORD]]

For each accepted message N (1, 2, ...) it writes DIR/N.json, the envelope and session
{"mail_from", "rcpt_tos": [...], "helo": the EHLO name, "tls": whether STARTTLS was done,
"auth": the login or null}, then DIR/N.eml, the message exactly as received (after SMTP
dot-unstuffing, RFC 5321 §4.5.2), each by rename so a reader never sees half a file;
both exist before the client is told 250. The bound port is written to the port file
(also by rename) once the server listens. SIGTERM or SIGINT stops it.

A RCPT TO address containing the --reject-rcpt substring is refused with 550 (permanent),
one containing --tempfail-rcpt with 451 (transient). With --tls-cert and --tls-key the
server offers STARTTLS (RFC 3207) but does not require it, and after STARTTLS offers AUTH
(PLAIN, LOGIN), accepting only the --auth login and password (none without --auth: 535).

Needs Debian's python3-aiosmtpd (scripts/install-deps --test).
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Sink:
    """The aiosmtpd handler: decides on each recipient and stores each message."""

    def __init__(self, maildir, reject_rcpt, tempfail_rcpt):
        self.maildir = maildir
        self.reject_rcpt = reject_rcpt
        self.tempfail_rcpt = tempfail_rcpt
        # A restarted sink goes on after what an earlier one stored.
        self.count = max((int(n.split(".")[0]) for n in os.listdir(maildir)
                          if n.endswith(".eml")), default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt in address:
            return "550 5.1.1 rejected"
        if self.tempfail_rcpt and self.tempfail_rcpt in address:
            return "451 4.3.0 try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.maildir, str(self.count))
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "helo": session.host_name,
            "tls": session.ssl is not None,
            "auth": (session.auth_data.login.decode()
                     if isinstance(session.auth_data, LoginPassword) else None),
        }
        write_atomically(base + ".json", json.dumps(meta).encode())
        write_atomically(base + ".eml", envelope.original_content)
        return "250 2.0.0 stored as %d" % self.count


def authenticator_for(login_password):
    """An aiosmtpd authenticator that accepts one "LOGIN:PASSWORD" and nothing else."""
    login, _, password = (login_password or "").partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (login_password is not None and isinstance(auth_data, LoginPassword)
              and auth_data.login == login.encode() and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    return authenticate


def parse_args(argv):
    p = argparse.ArgumentParser(description="An SMTP sink for certkeep's tests.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks one")
    p.add_argument("--port-file", help="where to write the bound port once listening")
    p.add_argument("--maildir", required=True, help="where accepted messages are written")
    p.add_argument("--reject-rcpt", help="refuse (550) recipients containing this")
    p.add_argument("--tempfail-rcpt", help="defer (451) recipients containing this")
    p.add_argument("--tls-cert", help="PEM certificate chain; offers STARTTLS")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    p.add_argument("--auth", metavar="LOGIN:PASSWORD",
                   help="the one login AUTH accepts (offered after STARTTLS only)")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.auth and not args.tls_cert:
        p.error("--auth needs --tls-cert: AUTH is offered over TLS only")
    return args


async def serve(args):
    os.makedirs(args.maildir, exist_ok=True)
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    sink = Sink(args.maildir, args.reject_rcpt, args.tempfail_rcpt)
    loop = asyncio.get_running_loop()
    # A fixed hostname: aiosmtpd would otherwise ask DNS (getfqdn), slow where there is none.
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="smtp-sink.test", tls_context=tls_context,
                     authenticator=authenticator_for(args.auth), loop=loop),
        host=args.host, port=args.port)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_atomically(args.port_file, b"%d\n" % port)
    await stop
    server.close()
    await server.wait_closed()


def main(argv):
    # aiosmtpd 1.4 itself sets its deprecated Session.login_data on every AUTH, and logs
    # that each time; its other messages (a failed TLS handshake) stay.
    logging.getLogger("mail.log").addFilter(
        lambda record: "login_data is deprecated" not in record.getMessage())
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
