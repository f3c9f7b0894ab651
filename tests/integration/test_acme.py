"""The ACME server (RFC 8555, #9) against the real binary with real clients from Debian:
certbot, lego, dehydrated (bash, curl, openssl) and uacme (C, libcurl with GnuTLS) register
with External Account Binding credentials of an ACME account
bound to a department and get certificates for names the department has validated, and,
for names under a domain delegated to it but not validated yet, through http-01 (certbot,
standalone) and dns-01 (lego, a wildcard, the TXT record served by dnsmasq); a failed
challenge makes the order invalid; a client without EAB, a wrong HMAC key and a name
outside the account's scope are refused. certbot and lego meet the test mode that refuses every
10th good nonce, so each must retry honestly; dehydrated, which does not retry, does not.
uacme also changes its account key (RFC 8555 §7.3.5) and deactivates its account."""

import datetime
import json
import os
import re
import subprocess
import tempfile
import unittest

import dcv_peers
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from harness import Certkeep, free_port, location_id, run

PASSWORD = "acme test passphrase 1"
DOMAIN = "acme.example.test"
OTHER = "other.example.test"
CHAL = "chal.example.test"  # delegated to the department, not validated: challenges


def cross_certificate(ck, ca_name, bridge_cn):
    """A self-signed bridge root, and a certificate for `ca_name`'s subject and key that the
    bridge signed (as another organisation would cross-sign certkeep's CA): both PEM."""
    code, out = ck.cli("ca", "show", ca_name)
    assert code == 0, out
    ca = x509.load_pem_x509_certificate(out[out.index("-----BEGIN CERTIFICATE-----"):].encode())
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, bridge_cn)])
    now = datetime.datetime.now(datetime.timezone.utc)

    def build(subject, public_key, extensions):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(name)
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=365))
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                                False, False), critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       key.public_key()), critical=False))
        for ext, critical in extensions:
            builder = builder.add_extension(ext, critical=critical)
        return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()

    bridge = build(name, key.public_key(), [
        (x509.BasicConstraints(True, None), True),
        (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)])
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cross = build(ca.subject, ca.public_key(), [(x509.BasicConstraints(True, 0), True),
                                                (ski, False)])
    return bridge, cross


def chain_issuers(path):
    """The issuer of each certificate in the PEM file at `path`, RFC 4514."""
    with open(path) as f:
        blocks = re.findall(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", f.read(),
                            re.S)
    return [x509.load_pem_x509_certificate(b.encode()).issuer.rfc4514_string() for b in blocks]


class AcmeServer:
    """certkeep with an organization, two departments, validated and delegated domains and
    the first department's ACME account; the clients' helpers."""

    # Every Nth good nonce refused (test mode), so that a client must retry honestly.
    REFUSE_NONCE_EVERY = "10"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-acme-")
        cls.dir = cls.tmp.name
        cls.dns = dcv_peers.Dns(cls.dir)
        cls.dns.set("host-record=web.%s,127.0.0.1" % CHAL, "host-record=tls.%s,127.0.0.1" % CHAL)
        # http-01 and tls-alpn-01 are looked at on these ports (test mode only), where
        # certbot and lego listen.
        cls.http_port = free_port()
        cls.tls_port = free_port()
        cls.env = {"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % cls.dns.port,
                   "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
                   "CERTKEEP_DCV_HTTP_PORT": str(cls.http_port),
                   "CERTKEEP_DCV_HTTPS_PORT": str(cls.tls_port),
                   "CERTKEEP_DCV_FETCH_ALLOWED_ADDRESSES": "127.0.0.1",
                   "CERTKEEP_ACME_REJECT_NONCE_EVERY": cls.REFUSE_NONCE_EVERY}
        cls.ck = Certkeep(env=cls.env, args=["--test-mode"])
        cls.ck.start()
        cls.mrao = cls.ck.demo_mrao(PASSWORD)
        cls.org = cls.create_org({"name": "Acme University", "sslCertsApiEnabled": True})
        cls.dept = cls.create_org({"name": "Acme CS", "parentOrgId": cls.org,
                                   "sslCertsApiEnabled": True})
        cls.other_dept = cls.create_org({"name": "Acme Physics", "parentOrgId": cls.org,
                                         "sslCertsApiEnabled": True})
        cls.validated(DOMAIN, cls.dept)
        cls.validated(OTHER, cls.other_dept)
        cls.delegated(CHAL, cls.dept)
        # The ACME account (EAB credentials) for the department, as an admin creates it.
        status, headers, body = cls.ck.api("POST", "/api/acme/v1/account", cls.mrao,
                                           {"name": "cs web servers", "organizationId": cls.dept})
        assert status == 201, body
        _, _, account = cls.ck.api("GET", "/api/acme/v1/account/%d" % location_id(headers),
                                   cls.mrao)
        cls.kid, cls.hmac = account["macId"], account["macKey"]
        cls.directory = account["acmeServer"]
        assert cls.directory.endswith("/acme/v2/directory"), account
        cls.root = cls.ck.root_ca

    @classmethod
    def create_org(cls, body):
        return cls.ck.create_org(cls.mrao, body)

    @classmethod
    def delegated(cls, domain, org):
        cls.ck.delegate_domain(cls.mrao, domain, org, ["DOMAIN", "SUBDOMAIN", "WILDCARD_1ST_LEVEL",
                                                        "WILDCARD_2ND_LEVEL"])

    @classmethod
    def validated(cls, domain, org):
        cls.delegated(domain, org)
        cls.ck.validate_by_txt(cls.mrao, cls.dns, domain)

    @classmethod
    def tearDownClass(cls):
        cls.ck.stop()
        cls.dns.stop()
        cls.tmp.cleanup()

    # Clients.

    def certbot(self, name, *args, eab=True, hmac=None, command="certonly", port=None):
        base = os.path.join(self.dir, "certbot-" + name)
        cmd = ["certbot", command, "--non-interactive", "--agree-tos", "-m",
               "web@" + DOMAIN, "--server", self.directory, "--standalone",
               "--http-01-port", str(port or free_port()), "--http-01-address", "127.0.0.1",
               "--config-dir", base + "/config", "--work-dir", base + "/work",
               "--logs-dir", base + "/logs", *args]
        if eab:
            cmd += ["--eab-kid", self.kid, "--eab-hmac-key", hmac or self.hmac]
        env = dict(os.environ, REQUESTS_CA_BUNDLE=self.root)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300), base

    def lego(self, path, *args, eab=True, directory=None, dns01=False, tls=False, http_port=None,
             action_args=()):
        cmd = ["lego", "--server", directory or self.directory, "--accept-tos", "--email",
               "web@" + DOMAIN, "--path", path, *args]
        if dns01:
            cmd += ["--dns", "exec", "--dns.disable-cp",
                    "--dns.resolvers", "127.0.0.1:%d" % self.dns.port]
        elif tls:
            cmd += ["--tls", "--tls.port", "127.0.0.1:%d" % self.tls_port]
        else:
            cmd += ["--http", "--http.port", "127.0.0.1:%d" % (http_port or free_port())]
        if eab:
            cmd += ["--eab", "--kid", self.kid, "--hmac", self.hmac]
        env = dict(os.environ, LEGO_CA_CERTIFICATES=self.root)
        if dns01:
            here = os.path.dirname(os.path.abspath(__file__))
            env.update(EXEC_PATH=os.path.join(here, "lego_dns_hook.py"), EXEC_POLLING_INTERVAL="1",
                       EXEC_PROPAGATION_TIMEOUT="10", EXEC_SEQUENCE_INTERVAL="1",
                       DNS_DIR=self.dns.dir, DNS_PORT=str(self.dns.port),
                       PYTHONPATH=here)
        # lego takes the action after its options, and the action's own after it.
        action = [a for a in cmd if a in ("run", "renew", "revoke")]
        cmd = [a for a in cmd if a not in ("run", "renew", "revoke")] + action + list(action_args)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)

    def dehydrated(self, *args):
        """dehydrated with its own base directory; its http-01 answers go to a web root."""
        base = os.path.join(self.dir, "dehydrated")
        webroot = os.path.join(base, "webroot", ".well-known", "acme-challenge")
        os.makedirs(webroot, exist_ok=True)
        config = os.path.join(base, "config")
        with open(config, "w") as f:
            f.write('CA="%s"\nBASEDIR="%s"\nWELLKNOWN="%s"\nKEY_ALGO=prime256v1\n'
                    'EAB_KID="%s"\nEAB_HMAC_KEY="%s"\nCONTACT_EMAIL="web@%s"\n'
                    % (self.directory, base, webroot, self.kid, self.hmac, DOMAIN))
        env = dict(os.environ, CURL_CA_BUNDLE=self.root)
        out = subprocess.run(["dehydrated", "-f", config, *args], env=env, capture_output=True,
                             text=True, timeout=300)
        return out, base

    def uacme(self, *args):
        """uacme, whose libcurl (GnuTLS) trusts only the system's bundle: it runs in a mount
        namespace of its own, where that bundle also holds certkeep's root. Its hook writes
        http-01 answers to a web root."""
        base = os.path.join(self.dir, "uacme")
        webroot = os.path.join(base, "webroot", ".well-known", "acme-challenge")
        os.makedirs(webroot, exist_ok=True)
        bundle, hook = os.path.join(base, "bundle.pem"), os.path.join(base, "hook.sh")
        with open(bundle, "w") as f, open("/etc/ssl/certs/ca-certificates.crt") as system, \
                open(self.root) as root:
            f.write(system.read() + root.read())
        with open(hook, "w") as f:  # uacme calls: hook METHOD TYPE IDENT TOKEN AUTH
            f.write('#!/bin/sh\n[ "$2" = http-01 ] || exit 1\ncase "$1" in\n'
                    '  begin) printf %%s "$5" > "%s/$4" ;;\n'
                    '  *) rm -f "%s/$4" ;;\nesac\n' % (webroot, webroot))
        os.chmod(hook, 0o755)
        cmd = " ".join(["uacme", "-a", self.directory, "-c", base + "/conf", "-t", "EC", "-h",
                        hook, *args])
        return subprocess.run(["unshare", "-m", "sh", "-c",
                               "mount --bind %s /etc/ssl/certs/ca-certificates.crt && exec %s"
                               % (bundle, cmd)], capture_output=True, text=True, timeout=300), base

    def verify(self, chain_file, name):
        """The leaf verifies against certkeep's root with the chain's issuer, for `name`."""
        out = run("openssl", "verify", "-CAfile", self.root, "-untrusted", chain_file,
                  "-purpose", "sslserver", "-verify_hostname", name, chain_file)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def ssl_list(self, name):
        _, _, listed = self.ck.api("GET", "/api/ssl/v1?commonName=%s" % name, self.mrao)
        return listed

    def ssl_statuses(self, name):
        """The statuses of the SSL list's certificates for `name`, sorted."""
        return sorted(self.ck.api("GET", "/api/ssl/v1/%d" % c["sslId"], self.mrao)[2]["status"]
                      for c in self.ssl_list(name))

    def with_webroot_served(self, name, webroot, client):
        """Runs `client()` while `webroot` is served where certkeep fetches `name`'s http-01
        file (the client writes the file, a plain file server serves it)."""
        self.dns.add("host-record=%s,127.0.0.1" % name)
        web = dcv_peers.http_server(self.dir, name + "-web", webroot, port=self.http_port)
        try:
            return client()
        finally:
            web.stop()


class AcmeTest(AcmeServer, unittest.TestCase):

    def test_certbot_with_eab_gets_a_certificate_for_a_validated_name(self):
        name = "www." + DOMAIN
        out, base = self.certbot("www", "-d", name, "-d", "cs." + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        live = os.path.join(base, "config", "live", name)
        self.verify(os.path.join(live, "fullchain.pem"), "cs." + DOMAIN)
        # The certificate joins the SSL list: requested via ACME, in the department.
        listed = self.ssl_list(name)
        self.assertEqual(len(listed), 1, listed)
        _, _, details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], self.mrao)
        self.assertEqual(details["status"], "Issued", details)
        self.assertEqual(details["requestedVia"], "ACME", details)
        self.assertEqual(details["orgId"], self.dept, details)
        # The ACME account now shows as registered.
        _, _, accounts = self.ck.api("GET", "/api/acme/v1/account?organizationId=%d" % self.dept,
                                     self.mrao)
        self.assertEqual(accounts[0]["status"], "valid", accounts)

        # Renewal: certbot orders again with the same account.
        out, _ = self.certbot("www", "--force-renewal", "--no-random-sleep-on-renew", eab=False,
                              command="renew")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(len(self.ssl_list(name)), 2)

        # certbot revokes the current one with its account key; OCSP and the list follow.
        out, _ = self.certbot("www", "--cert-path", os.path.join(live, "cert.pem"), "--reason",
                              "keycompromise", "--no-delete-after-revoke", eab=False,
                              command="revoke")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(self.ssl_statuses(name), ["Issued", "Revoked"])

    def test_lego_with_eab_gets_a_certificate_for_a_validated_name(self):
        path = os.path.join(self.dir, "lego")
        name = "lego." + DOMAIN
        out = self.lego(path, "-d", name, "run")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.verify(os.path.join(path, "certificates", name + ".crt"), name)

    def test_certbot_and_lego_take_the_chain_through_a_cross_certificate(self):
        """The issuing CA's key, also certified by a bridge root (a cross-certificate the
        operator adds), gives what it issues an alternative chain (RFC 8555 §7.4.2's
        "alternate" link), which certbot and lego pick by that root's name."""
        bridge = "Research Network Bridge Root"
        bridge_pem, cross_pem = cross_certificate(self.ck, "issuing-1", bridge)
        files = {}
        for label, pem in (("bridge", bridge_pem), ("cross", cross_pem)):
            files[label] = os.path.join(self.dir, label + ".pem")
            with open(files[label], "w") as f:
                f.write(pem)
        # A certificate that is not for the CA, and one given twice, are refused.
        code, out = self.ck.cli("ca", "add-cross", "issuing-1", "--cert", files["bridge"])
        self.assertNotEqual(code, 0, out)
        self.assertIn("its subject or key differs", out)
        code, out = self.ck.cli("ca", "add-cross", "issuing-1", "--cert", files["cross"],
                                "--chain", files["bridge"])
        self.assertEqual(code, 0, out)
        cross_id = re.search(r"cross-certificate (\d+) of issuing-1 added", out).group(1)
        code, out = self.ck.cli("ca", "add-cross", "issuing-1", "--cert", files["cross"])
        self.assertNotEqual(code, 0, out)
        self.assertIn("already has this cross-certificate", out)
        code, out = self.ck.cli("ca", "show", "issuing-1")
        self.assertIn("cross-certificate %s: issuer CN=%s" % (cross_id, bridge), out)
        try:
            name = "cross." + DOMAIN
            got, base = self.certbot("cross", "-d", name, "--preferred-chain", bridge)
            self.assertEqual(got.returncode, 0, got.stdout + got.stderr)
            certbot_chain = os.path.join(base, "config", "live", name, "fullchain.pem")
            path = os.path.join(self.dir, "lego-cross")
            got = self.lego(path, "-d", "cross2." + DOMAIN, "run",
                            action_args=("--preferred-chain", bridge))
            self.assertEqual(got.returncode, 0, got.stdout + got.stderr)
            lego_chain = os.path.join(path, "certificates", "cross2.%s.crt" % DOMAIN)
            for chain, host in ((certbot_chain, name), (lego_chain, "cross2." + DOMAIN)):
                # The leaf and the cross-certificate; the bridge root is the relying party's.
                issuers = chain_issuers(chain)
                self.assertEqual((len(issuers), issuers[1]), (2, "CN=" + bridge), chain)
                out = run("openssl", "verify", "-CAfile", files["bridge"], "-untrusted", chain,
                          "-purpose", "sslserver", "-verify_hostname", host, chain)
                self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            # Without a preference, certbot keeps the CA's own chain.
            got, base = self.certbot("cross-default", "-d", "cross3." + DOMAIN)
            self.assertEqual(got.returncode, 0, got.stdout + got.stderr)
            chain = os.path.join(base, "config", "live", "cross3." + DOMAIN, "fullchain.pem")
            self.assertNotIn(bridge, " ".join(chain_issuers(chain)))
            self.verify(chain, "cross3." + DOMAIN)
        finally:
            code, out = self.ck.cli("ca", "remove-cross", "issuing-1", cross_id)
            self.assertEqual(code, 0, out)
        code, out = self.ck.cli("ca", "show", "issuing-1")
        self.assertNotIn("cross-certificate", out)
        code, out = self.ck.cli("ca", "remove-cross", "issuing-1", cross_id)
        self.assertNotEqual(code, 0, out)

    def test_certbot_proves_a_name_by_http01(self):
        name = "web." + CHAL
        out, base = self.certbot("http01", "-d", name, port=self.http_port)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.verify(os.path.join(base, "config", "live", name, "fullchain.pem"), name)
        # The passed challenge is a domain validation of that host, which the next order
        # finds: lego gets its authorization valid at once, with no challenge to answer.
        path = os.path.join(self.dir, "lego-after-http01")
        out = self.lego(path, "-d", name, "run")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("already valid", out.stderr)

    def test_lego_proves_a_name_by_http01(self):
        path = os.path.join(self.dir, "lego-http01")
        name = "web2." + CHAL
        self.dns.add("host-record=%s,127.0.0.1" % name)
        out = self.lego(path, "-d", name, "run", http_port=self.http_port)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("use http-01 solver", out.stderr)
        self.verify(os.path.join(path, "certificates", name + ".crt"), name)

    def test_lego_proves_a_wildcard_by_dns01(self):
        path = os.path.join(self.dir, "lego-dns01")
        try:
            out = self.lego(path, "-d", "*.wild." + CHAL, "-d", "wild." + CHAL, "run", dns01=True)
        finally:
            self.dns.resync()  # the hook restarted dnsmasq
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        crt = os.path.join(path, "certificates", "_.wild.%s.crt" % CHAL)
        self.verify(crt, "www.wild." + CHAL)
        self.verify(crt, "wild." + CHAL)

    def test_lego_proves_a_name_by_tls_alpn01(self):
        path = os.path.join(self.dir, "lego-tls")
        name = "tls." + CHAL
        out = self.lego(path, "-d", name, "run", tls=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.verify(os.path.join(path, "certificates", name + ".crt"), name)

    def test_a_failed_challenge_makes_the_order_invalid(self):
        # No address for this name: certkeep cannot fetch the file certbot serves.
        name = "nowhere." + CHAL
        out, _ = self.certbot("failed", "-d", name, port=self.http_port)
        self.assertNotEqual(out.returncode, 0)
        self.assertRegex(out.stdout + out.stderr, r"Type:\s+dns")  # certbot's words for the type
        self.assertEqual(self.ssl_list(name), [])

    def test_registration_without_eab_is_refused(self):
        out, _ = self.certbot("noeab", "-d", "x." + DOMAIN, eab=False)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("external account binding", (out.stdout + out.stderr).lower())

    def test_a_wrong_hmac_key_is_refused(self):
        out, _ = self.certbot("wrongkey", "-d", "y." + DOMAIN,
                              hmac="zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("external account binding does not verify", out.stdout + out.stderr)

    def test_a_name_outside_the_scope_is_a_rejected_identifier(self):
        # OTHER is validated, but for another department.
        out = self.lego(os.path.join(self.dir, "lego-other"), "-d", "www." + OTHER, "run")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("rejectedIdentifier", out.stdout + out.stderr)
        self.assertEqual(self.ssl_list("www." + OTHER), [])

    def test_the_directory_says_eab_is_required_and_lists_profiles(self):
        status, _, text = self.ck.curl("/acme/v2/directory")
        self.assertEqual(status, 200)
        directory = json.loads(text)
        self.assertTrue(directory["meta"]["externalAccountRequired"])
        self.assertIn("ssl-dv", directory["meta"]["profiles"])
        for key in ("newNonce", "newAccount", "newOrder", "keyChange"):
            self.assertTrue(directory[key].startswith("https://"), directory)
        status, headers, _ = self.ck.curl("/acme/v2/new-nonce", "-I")
        self.assertEqual(status, 200)
        status, _, text = self.ck.curl("/acme/nowhere/directory")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(text)["type"], "urn:ietf:params:acme:error:malformed")


class MoreClientsTest(AcmeServer, unittest.TestCase):
    """dehydrated and uacme. dehydrated does not retry a request refused with badNonce (RFC
    8555 §6.5 says a client SHOULD), so these two meet a server that refuses no good nonce."""

    REFUSE_NONCE_EVERY = "0"

    def test_dehydrated_registers_issues_proves_by_http01_and_revokes(self):
        out, base = self.dehydrated("--register", "--accept-terms")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        name = "dh." + DOMAIN  # validated: no challenge; two names, one certificate
        out, _ = self.dehydrated("-c", "-d", "%s dh2.%s" % (name, DOMAIN))
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("0 pending challenge(s)", out.stdout)
        cert = os.path.join(base, "certs", name, "cert.pem")
        self.verify(os.path.join(base, "certs", name, "fullchain.pem"), "dh2." + DOMAIN)
        web_name = "dh." + CHAL
        out, _ = self.with_webroot_served(web_name, os.path.join(base, "webroot"),
                                          lambda: self.dehydrated("-c", "-d", web_name))
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("Challenge is valid", out.stdout)
        self.verify(os.path.join(base, "certs", web_name, "fullchain.pem"), web_name)
        out, _ = self.dehydrated("-r", cert)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(self.ssl_statuses(name), ["Revoked"])

    def test_uacme_registers_issues_changes_its_key_proves_by_http01_and_revokes(self):
        if run("unshare", "-m", "true").returncode != 0:
            self.skipTest("no mount namespace here for uacme's trust store")
        out, base = self.uacme("-e", "%s:%s" % (self.kid, self.hmac), "-y", "new",
                               "web@" + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        out, _ = self.uacme("issue", "uc." + DOMAIN, "uc2." + DOMAIN)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        cert = os.path.join(base, "conf", "uc." + DOMAIN, "cert.pem")
        self.verify(cert, "uc2." + DOMAIN)
        # A key rollover (RFC 8555 §7.3.5): the account goes on with the new key.
        out, _ = self.uacme("newkey")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        web_name = "uc." + CHAL
        out, _ = self.with_webroot_served(web_name, os.path.join(base, "webroot"),
                                          lambda: self.uacme("-v", "issue", web_name))
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("running %s begin http-01" % os.path.join(base, "hook.sh"), out.stderr)
        self.verify(os.path.join(base, "conf", web_name, "cert.pem"), web_name)
        out, _ = self.uacme("revoke", cert)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertEqual(self.ssl_statuses("uc." + DOMAIN), ["Revoked"])
        out, _ = self.uacme("-y", "deactivate")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        out, _ = self.uacme("issue", "uc3." + DOMAIN)
        self.assertNotEqual(out.returncode, 0)


if __name__ == "__main__":
    unittest.main()
