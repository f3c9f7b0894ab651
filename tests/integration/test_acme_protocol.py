"""ACME (RFC 8555, RFC 9773) details no command-line client shows, against the real binary
with Debian's python3-acme (the library under certbot), used as a client would: a CSR whose
names differ from the order and one with the account key are badCSR; revocation by the
account and by the certificate's own key, and its refusal to another account; ARI's
renewal window and an order that "replaces" a certificate (once only); account
deactivation, after which its key is not answered; a revocation reason out of range; a
`kid` of another server; media types in any case; a key change to a key in use (409 with
the account's URL); a finished authorization showing the challenge that decided it, and
the orders list without invalid orders; a directory without EAB bound to one department,
with acme-tiny, for a validated name and for one it proves by http-01. Every 10th good
nonce is refused (test mode), as in the other ACME tests."""

import base64
import datetime
import json
import os
import subprocess
import tempfile
import unittest

import josepy as jose
import requests
from acme import challenges, client, crypto_util, errors, messages
from acme import jws as acme_jws
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from OpenSSL import crypto

import dcv_peers
from harness import Certkeep, location_id, run

PASSWORD = "acme protocol passphrase 1"
DOMAIN = "proto.example.test"
TINY = "tiny.example.test"  # delegated, not validated: acme-tiny proves it by http-01
CHAL = "ch.example.test"  # delegated, not validated: the tests prove names under it by http-01


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


def pem_of(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def comparable(pem):
    return jose.ComparableX509(crypto.load_certificate(crypto.FILETYPE_PEM, pem.encode()))


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_of(pem):
    return x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER)


def cert_id(pem):
    """RFC 9773 §4.1: base64url(AKI keyIdentifier) "." base64url(serial's DER content)."""
    cert = x509.load_pem_x509_certificate(pem.encode())
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    serial = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 8) // 8, "big")
    return b64u(aki.key_identifier) + "." + b64u(serial)


class AcmeProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="certkeep-acmep-")
        cls.dir = cls.tmp.name
        cls.dns = dcv_peers.Dns(cls.dir)
        cls.dns.set("host-record=%s,127.0.0.1" % TINY, "host-record=ok.%s,127.0.0.1" % CHAL,
                    "host-record=bad.%s,127.0.0.1" % CHAL)
        # acme-tiny writes its http-01 answers here; a plain file server serves them on the
        # port certkeep looks at (test mode).
        cls.webroot = os.path.join(cls.dir, "webroot")
        os.makedirs(os.path.join(cls.webroot, ".well-known", "acme-challenge"))
        cls.web = dcv_peers.http_server(cls.dir, "web", cls.webroot)
        env = {"CERTKEEP_DCV_DNS_FORWARDER": "127.0.0.1@%d" % cls.dns.port,
               "CERTKEEP_DCV_DNS_INSECURE_DOMAINS": "test",
               "CERTKEEP_DCV_HTTP_PORT": str(cls.web.port),
               "CERTKEEP_DCV_FETCH_ALLOWED_ADDRESSES": "127.0.0.1",
               "CERTKEEP_ACME_REJECT_NONCE_EVERY": "10"}
        cls.ck = Certkeep(env=env, args=["--test-mode"])
        cls.ck.start()
        cls.mrao = cls.ck.demo_mrao(PASSWORD)
        org = cls.ck.create_org(cls.mrao, {"name": "Proto University", "sslCertsApiEnabled": True})
        cls.dept = cls.ck.create_org(cls.mrao, {"name": "Proto CS", "parentOrgId": org,
                                                "sslCertsApiEnabled": True})
        cls.ck.delegate_domain(cls.mrao, DOMAIN, cls.dept, ["SUBDOMAIN"])
        cls.ck.delegate_domain(cls.mrao, TINY, cls.dept, ["DOMAIN"])
        cls.ck.delegate_domain(cls.mrao, CHAL, cls.dept, ["SUBDOMAIN"])
        cls.ck.validate_by_txt(cls.mrao, cls.dns, DOMAIN)
        status, headers, body = cls.ck.api("POST", "/api/acme/v1/account", cls.mrao,
                                           {"name": "proto", "organizationId": cls.dept})
        assert status == 201, body
        _, _, cls.account = cls.ck.api("GET", "/api/acme/v1/account/%d" % location_id(headers),
                                       cls.mrao)
        # The same data directory again, now with a directory without EAB for the department.
        # (The first instance owns the temporary data directory: it is kept until the end.)
        cls.ck.stop()
        cls.first = cls.ck
        cls.ck = Certkeep(env=dict(env, CERTKEEP_ACME_OPEN_DIRECTORIES="campus=%d" % cls.dept),
                          args=["--test-mode"], data_dir=cls.first.data_dir)
        cls.ck.start()
        # The port is new after the restart; the ACME account is for the same directory.
        cls.directory = cls.ck.url + "/acme/v2/directory"

    @classmethod
    def tearDownClass(cls):
        cls.ck.stop()
        cls.first.__exit__(None, None, None)
        cls.web.stop()
        cls.dns.stop()
        cls.tmp.cleanup()

    def client(self, key=None, register=True, directory=None):
        key = key or new_key()
        net = client.ClientNetwork(jose.JWKEC(key=key), alg=jose.ES256, verify_ssl=self.ck.root_ca,
                                   user_agent="certkeep-tests")
        directory_obj = client.ClientV2.get_directory(directory or self.directory, net)
        c = client.ClientV2(directory_obj, net=net)
        if register:
            reg = messages.NewRegistration.from_data(email="p@" + DOMAIN,
                                                     terms_of_service_agreed=True)
            if directory is None:
                eab = messages.ExternalAccountBinding.from_data(
                    account_public_key=net.key.public_key(), kid=self.account["macId"],
                    hmac_key=self.account["macKey"], directory=directory_obj)
                reg = reg.update(external_account_binding=eab)
            net.account = c.new_account(reg)
        return c

    def issue(self, c, names, cert_key=None):
        csr = crypto_util.make_csr(pem_of(cert_key or new_key()), names)
        order = c.new_order(csr)
        return c.poll_and_finalize(order)

    def test_finalize_refuses_a_csr_whose_names_differ_from_the_order(self):
        c = self.client()
        order = c.new_order(crypto_util.make_csr(pem_of(new_key()),
                                                 ["a." + DOMAIN, "b." + DOMAIN]))
        # A CN-only CSR for one of the two names.
        key = new_key()
        cn_only = x509.CertificateSigningRequestBuilder().subject_name(
            x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "a." + DOMAIN)])).sign(
            key, hashes.SHA256())
        order = order.update(csr_pem=cn_only.public_bytes(serialization.Encoding.PEM))
        with self.assertRaises(errors.Error) as caught:
            c.finalize_order(order, datetime.datetime.now() + datetime.timedelta(seconds=30))
        self.assertIn("badCSR", str(caught.exception))
        # The order is still ready: the right CSR goes through.
        fixed = order.update(csr_pem=crypto_util.make_csr(pem_of(new_key()),
                                                          ["a." + DOMAIN, "b." + DOMAIN]))
        done = c.poll_and_finalize(fixed)
        self.assertIn("BEGIN CERTIFICATE", done.fullchain_pem)

    def test_finalize_refuses_the_account_key_in_the_csr(self):
        key = new_key()
        c = self.client(key)
        with self.assertRaises(errors.Error) as caught:
            self.issue(c, ["k." + DOMAIN], cert_key=key)
        self.assertIn("badCSR", str(caught.exception))

    def test_revocation_by_the_account_and_by_the_certificate_key(self):
        c = self.client()
        done = self.issue(c, ["r1." + DOMAIN])
        cert = comparable(done.fullchain_pem)
        c.revoke(cert, 4)  # the account that ordered it
        with self.assertRaises(errors.Error) as caught:
            c.revoke(cert, 4)
        self.assertIn("alreadyRevoked", str(caught.exception))
        listed = self.ck.api("GET", "/api/ssl/v1?commonName=r1." + DOMAIN, self.mrao)[2]
        details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], self.mrao)[2]
        self.assertEqual(details["status"], "Revoked")

        # By the certificate's own key, with no account at all.
        cert_key = new_key()
        done = self.issue(c, ["r2." + DOMAIN], cert_key=cert_key)
        cert = comparable(done.fullchain_pem)
        by_key = self.client(cert_key, register=False)
        by_key.revoke(cert, 1)
        # A stranger's key may not.
        # Another account of the same scope "holds authorizations" for the names (they are
        # validated for it) and may revoke; a stranger's key may not.
        done = self.issue(c, ["r3." + DOMAIN])
        cert = comparable(done.fullchain_pem)
        stranger = self.client(new_key(), register=False)
        with self.assertRaises(errors.Error) as caught:
            stranger.revoke(cert, 1)
        self.assertIn("unauthorized", str(caught.exception))
        self.client().revoke(cert, 5)

    def renewal_info(self, pem):
        status, headers, body = self.ck.curl("/acme/v2/renewal-info/" + cert_id(pem))
        return status, headers, json.loads(body), x509.load_pem_x509_certificate(pem.encode())

    def raw(self, c, url, payload, kid=True, content_type="application/jose+json", key=None):
        """POSTs `payload` (a dict, or None for POST-as-GET) signed as `c`'s account (`kid`
        True), with another `kid` (a string), or with `key`'s jwk (`kid` None); retries a
        badNonce of the test mode once. Returns (status, headers, body as JSON or text)."""
        for _ in range(2):
            nonce = c.net._get_nonce(url, c.directory["newNonce"])  # pylint: disable=protected-access
            body = b"" if payload is None else json.dumps(payload).encode()
            signed = acme_jws.JWS.sign(
                body, key=key or c.net.key, alg=jose.ES256, nonce=nonce, url=url,
                kid=c.net.account.uri if kid is True else kid).json_dumps()
            response = requests.post(url, data=signed, headers={"Content-Type": content_type},
                                     verify=self.ck.root_ca, timeout=30)
            if "Replay-Nonce" in response.headers:
                c.net._add_nonce(response)  # pylint: disable=protected-access
            try:
                got = response.json()
            except ValueError:
                got = response.text
            if not (isinstance(got, dict) and got.get("type", "").endswith(":badNonce")):
                return response.status_code, response.headers, got
        return response.status_code, response.headers, got

    def test_a_revocation_reason_out_of_range_is_refused_not_narrowed(self):
        c = self.client()
        done = self.issue(c, ["rr." + DOMAIN])
        # 2^32 + 1 narrowed to an int would be 1, keyCompromise.
        status, _, body = self.raw(c, c.directory["revokeCert"],
                                   {"certificate": b64u(der_of(done.fullchain_pem)),
                                    "reason": 2 ** 32 + 1})
        self.assertEqual((status, body["type"]),
                         (400, "urn:ietf:params:acme:error:badRevocationReason"), body)
        listed = self.ck.api("GET", "/api/ssl/v1?commonName=rr." + DOMAIN, self.mrao)[2]
        details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], self.mrao)[2]
        self.assertEqual(details["status"], "Issued")

    def test_kid_must_be_this_servers_account_url_and_media_types_ignore_case(self):
        c = self.client()
        new_order = c.directory["newOrder"]
        order = {"identifiers": [{"type": "dns", "value": "kid." + DOMAIN}]}
        elsewhere = c.net.account.uri.replace("https://localhost:", "https://elsewhere.test:")
        status, _, body = self.raw(c, new_order, order, kid=elsewhere)
        self.assertEqual(status, 400, body)
        self.assertEqual(body["type"], "urn:ietf:params:acme:error:accountDoesNotExist")
        # RFC 9110 §8.3.1: type and subtype are case-insensitive.
        status, _, body = self.raw(c, new_order, order,
                                   content_type="Application/JOSE+JSON ; charset=utf-8")
        self.assertEqual(status, 201, body)
        status, _, body = self.raw(c, new_order, order, content_type="application/json")
        self.assertEqual(status, 415, body)

    def test_every_refused_identifier_is_a_subproblem(self):
        c = self.client()
        names = ["ok1." + DOMAIN, "www.outside.example", "bad_name." + DOMAIN]
        status, _, body = self.raw(c, c.directory["newOrder"], {
            "identifiers": [{"type": "dns", "value": n} for n in names]})
        self.assertEqual((status, body["type"]),
                         (400, "urn:ietf:params:acme:error:rejectedIdentifier"), body)
        # RFC 8555 §6.7.1: one per refused identifier, saying which.
        self.assertEqual([p["identifier"] for p in body["subproblems"]],
                         [{"type": "dns", "value": n} for n in names[1:]], body)
        for part in body["subproblems"]:
            self.assertEqual(part["type"], "urn:ietf:params:acme:error:rejectedIdentifier")
            self.assertIn(part["identifier"]["value"], part["detail"])

    def test_key_change_to_a_key_in_use_says_whose(self):
        other_key = new_key()
        other = self.client(other_key)
        c = self.client()
        url = c.directory["keyChange"]
        inner = acme_jws.JWS.sign(
            json.dumps({"account": c.net.account.uri,
                        "oldKey": c.net.key.public_key().to_partial_json()}).encode(),
            key=jose.JWKEC(key=other_key), alg=jose.ES256, nonce=None, url=url)
        status, headers, body = self.raw(c, url, inner.to_partial_json())
        self.assertEqual(status, 409, body)
        self.assertEqual(headers["Location"], other.net.account.uri)
        self.assertEqual(headers["Content-Type"], "application/problem+json")

    def prove(self, c, name, serve=True):
        """An order for `name` (under CHAL), its http-01 answered (the file served or not);
        returns the order and its authorization once it is no longer pending."""
        order = c.new_order(crypto_util.make_csr(pem_of(new_key()), [name]))
        authz = order.authorizations[0]
        self.assertEqual(sorted(ch.chall.typ for ch in authz.body.challenges),
                         ["dns-01", "http-01", "tls-alpn-01"])
        http01 = [ch for ch in authz.body.challenges if isinstance(ch.chall, challenges.HTTP01)][0]
        response, validation = http01.response_and_validation(c.net.key)
        if serve:
            path = os.path.join(self.webroot, ".well-known", "acme-challenge",
                                http01.chall.encode("token"))
            with open(path, "w") as f:
                f.write(validation)
        c.answer_challenge(http01, response)
        for _ in range(100):
            authz, _ = c.poll(authz)
            if authz.body.status != messages.STATUS_PENDING:
                break
        return order, authz

    def test_a_finished_authorization_shows_the_challenge_that_decided_it(self):
        c = self.client()
        # RFC 8555 §7.1.4: valid, the challenge that was validated; invalid, the one that failed.
        order, authz = self.prove(c, "ok." + CHAL)
        self.assertEqual(authz.body.status, messages.STATUS_VALID)
        self.assertEqual([(ch.chall.typ, ch.status) for ch in authz.body.challenges],
                         [("http-01", messages.STATUS_VALID)])
        self.assertIn("BEGIN CERTIFICATE", c.poll_and_finalize(order).fullchain_pem)
        failed, authz = self.prove(c, "bad." + CHAL, serve=False)
        self.assertEqual(authz.body.status, messages.STATUS_INVALID)
        self.assertEqual([(ch.chall.typ, ch.status) for ch in authz.body.challenges],
                         [("http-01", messages.STATUS_INVALID)])
        # §7.1.2.1: the orders list leaves the invalid order out.
        status, _, body = self.raw(c, c.net.account.uri + "/orders", None)
        self.assertEqual(status, 200, body)
        self.assertIn(order.uri, body["orders"])
        self.assertNotIn(failed.uri, body["orders"])

    def test_an_order_replacing_a_certificate_says_so_and_only_one_may(self):
        c = self.client()
        first = self.issue(c, ["old." + DOMAIN])
        replaced = cert_id(first.fullchain_pem)
        new_order = c.directory["newOrder"]
        names = [{"type": "dns", "value": "old." + DOMAIN}]
        # RFC 9773 §5: echoed in the order, now and later.
        status, headers, body = self.raw(c, new_order, {"identifiers": names,
                                                        "replaces": replaced})
        self.assertEqual((status, body.get("replaces")), (201, replaced), body)
        status, _, again = self.raw(c, headers["Location"], None)
        self.assertEqual(again["replaces"], replaced, again)
        # A second order replacing it while the first is not invalid: alreadyReplaced.
        status, _, body = self.raw(c, new_order, {"identifiers": names, "replaces": replaced})
        self.assertEqual((status, body["type"]),
                         (409, "urn:ietf:params:acme:error:alreadyReplaced"), body)
        # Not a certID; a certificate of no shared name; another account's certificate.
        status, _, body = self.raw(c, new_order, {"identifiers": names, "replaces": "garbage"})
        self.assertEqual((status, body["type"]), (400, "urn:ietf:params:acme:error:malformed"))
        status, _, body = self.raw(c, new_order, {"identifiers": names, "replaces": 12})
        self.assertEqual(status, 400, body)
        other_name = self.issue(c, ["other." + DOMAIN])
        status, _, body = self.raw(c, new_order, {"identifiers": names,
                                                  "replaces": cert_id(other_name.fullchain_pem)})
        self.assertEqual((status, body["type"]), (400, "urn:ietf:params:acme:error:malformed"))
        self.assertIn("shares no identifier", body["detail"])
        stranger = self.client()
        status, _, body = self.raw(stranger, new_order, {"identifiers": names,
                                                         "replaces": replaced})
        self.assertEqual((status, body["type"]), (403, "urn:ietf:params:acme:error:unauthorized"))

    def test_renewal_info_suggests_the_last_third_then_now_once_revoked(self):
        c = self.client()
        done = self.issue(c, ["ari." + DOMAIN])
        status, headers, info, cert = self.renewal_info(done.fullchain_pem)
        self.assertEqual(status, 200, info)
        self.assertIn("retry-after", headers.lower())
        window = info["suggestedWindow"]
        start = datetime.datetime.fromisoformat(window["start"].replace("Z", "+00:00"))
        life = cert.not_valid_after - cert.not_valid_before
        self.assertAlmostEqual((cert.not_valid_after.replace(tzinfo=start.tzinfo) - start) / life,
                               1 / 3, delta=0.01)
        c.revoke(comparable(done.fullchain_pem), 1)
        _, _, info, _ = self.renewal_info(done.fullchain_pem)
        end = datetime.datetime.fromisoformat(info["suggestedWindow"]["end"].replace("Z", "+00:00"))
        self.assertLess(end, datetime.datetime.now(end.tzinfo))
        status, _, _ = self.ck.curl("/acme/v2/renewal-info/AAAA.AQ")
        self.assertEqual(status, 404)

    def test_a_deactivated_account_can_do_nothing_more(self):
        key = new_key()
        c = self.client(key)
        c.deactivate_registration(c.net.account)
        with self.assertRaises(errors.Error) as caught:
            c.new_order(crypto_util.make_csr(pem_of(new_key()), ["d." + DOMAIN]))
        self.assertIn("unauthorized", str(caught.exception))
        # §7.3.6: nor is its key answered when it asks for its account again.
        status, _, body = self.raw(c, c.directory["newAccount"], {"onlyReturnExisting": True},
                                   kid=None, key=jose.JWKEC(key=key))
        self.assertEqual((status, body["type"]), (401, "urn:ietf:params:acme:error:unauthorized"))

    def acme_tiny(self, name, tag):
        account_key = os.path.join(self.dir, "tiny-account.key")
        if not os.path.exists(account_key):
            run("openssl", "genrsa", "-out", account_key, "2048")
        csr = os.path.join(self.dir, tag + ".csr")
        out = run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null", "-subj",
                  "/CN=" + name, "-addext", "subjectAltName=DNS:" + name, "-out", csr)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = subprocess.run(
            ["acme-tiny", "--account-key", account_key, "--csr", csr, "--acme-dir",
             os.path.join(self.webroot, ".well-known", "acme-challenge"), "--disable-check",
             "--directory-url", self.ck.url + "/acme/campus/directory"],
            env=dict(os.environ, SSL_CERT_FILE=self.ck.root_ca), capture_output=True, text=True,
            timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        chain = os.path.join(self.dir, tag + ".pem")
        with open(chain, "w") as f:
            f.write(out.stdout)
        verified = run("openssl", "verify", "-CAfile", self.ck.root_ca, "-untrusted", chain, chain)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        listed = self.ck.api("GET", "/api/ssl/v1?commonName=" + name, self.mrao)[2]
        details = self.ck.api("GET", "/api/ssl/v1/%d" % listed[0]["sslId"], self.mrao)[2]
        self.assertEqual((details["requestedVia"], details["orgId"]), ("ACME", self.dept))
        return out.stderr

    def test_acme_tiny_on_the_directory_without_eab(self):
        log = self.acme_tiny("tiny." + DOMAIN, "tiny-validated")
        self.assertIn("Already verified", log)
        log = self.acme_tiny(TINY, "tiny-http01")
        self.assertIn("verified!", log)


if __name__ == "__main__":
    unittest.main()
