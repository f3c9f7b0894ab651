"""The ACME server (RFC 8555, #9) against the real binary with real clients from Debian:
certbot and lego register with External Account Binding credentials of an ACME account
bound to a department and get certificates for names the department has validated; a
client without EAB, a wrong HMAC key, a name outside the account's scope and a CN-only CSR
whose names differ from the order are refused; acme-tiny uses a directory without EAB
bound to the department. The server runs with the test mode that refuses every 10th good
nonce, so each client must retry honestly."""

import json
import os
import socket
import subprocess
import tempfile
import unittest

import dcv_peers
from harness import Certkeep, location_id, run

PASSWORD = "acme test passphrase 1"
DOMAIN = "acme.example.test"
OTHER = "other.example.test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AcmeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-acme-")
        cls.dir = cls.tmp.name
        cls.dns = dcv_peers.Dns(cls.dir)
        cls.dns.set()
        cls.env = {"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % cls.dns.port,
                   "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
                   "CERTKEEP_ACME_REJECT_NONCE_EVERY": "10"}
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
        status, headers, out = cls.ck.api("POST", "/api/organization/v1", cls.mrao, body)
        assert status == 201, out
        return location_id(headers)

    @classmethod
    def validated(cls, domain, org):
        status, _, body = cls.ck.api("POST", "/api/domain/v1", cls.mrao, {
            "name": domain, "delegations": [{
                "orgId": org, "certTypes": ["SSL"],
                "domainCertificateRequestPrivileges": ["DOMAIN", "SUBDOMAIN"]}]})
        assert status == 201, body
        _, _, sub = cls.ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", cls.mrao,
                               {"domain": domain})
        cls.dns.add("txt-record=_pki-validation.%s,%s" % (domain, sub["point"]))
        _, _, done = cls.ck.api("POST", "/api/dcv/v1/validation/submit/domain/txt", cls.mrao,
                                {"domain": domain})
        assert done["status"] == "VALIDATED", done

    @classmethod
    def tearDownClass(cls):
        cls.ck.stop()
        cls.dns.stop()
        cls.tmp.cleanup()

    # Clients.

    def certbot(self, name, *args, eab=True, hmac=None, command="certonly"):
        base = os.path.join(self.dir, "certbot-" + name)
        cmd = ["certbot", command, "--non-interactive", "--agree-tos", "-m",
               "web@" + DOMAIN, "--server", self.directory, "--standalone",
               "--http-01-port", str(free_port()), "--http-01-address", "127.0.0.1",
               "--config-dir", base + "/config", "--work-dir", base + "/work",
               "--logs-dir", base + "/logs", *args]
        if eab:
            cmd += ["--eab-kid", self.kid, "--eab-hmac-key", hmac or self.hmac]
        env = dict(os.environ, REQUESTS_CA_BUNDLE=self.root)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300), base

    def lego(self, path, *args, eab=True, directory=None):
        cmd = ["lego", "--server", directory or self.directory, "--accept-tos", "--email",
               "web@" + DOMAIN, "--path", path, "--http", "--http.port",
               "127.0.0.1:%d" % free_port(), *args]
        if eab:
            cmd += ["--eab", "--kid", self.kid, "--hmac", self.hmac]
        env = dict(os.environ, LEGO_CA_CERTIFICATES=self.root)
        # lego takes the action after its options.
        action = [a for a in cmd if a in ("run", "renew", "revoke")]
        cmd = [a for a in cmd if a not in ("run", "renew", "revoke")] + action
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)

    def verify(self, chain_file, name):
        """The leaf verifies against certkeep's root with the chain's issuer, for `name`."""
        out = run("openssl", "verify", "-CAfile", self.root, "-untrusted", chain_file,
                  "-purpose", "sslserver", "-verify_hostname", name, chain_file)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def ssl_list(self, name):
        _, _, listed = self.ck.api("GET", "/api/ssl/v1?commonName=%s" % name, self.mrao)
        return listed

    # Tests.

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

    def test_lego_with_eab_gets_a_certificate_for_a_validated_name(self):
        path = os.path.join(self.dir, "lego")
        name = "lego." + DOMAIN
        out = self.lego(path, "-d", name, "run")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.verify(os.path.join(path, "certificates", name + ".crt"), name)

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


if __name__ == "__main__":
    unittest.main()
