"""Integration tests of #5 over the real binary with curl: the demo tenant, the forced
password change, organizations and admins through SCM's paths, grant escalation, the
lockout, console sessions with CSRF, the activity report and `certkeep audit verify`."""

import json
import os
import re
import sqlite3
import subprocess
import unittest

from harness import Certkeep, location_id

NEW_MRAO_PASSWORD = "tulips in the quad 2026"
RAO_PASSWORD = "first password for the rao"
RAO_NEW_PASSWORD = "a rao passphrase of her own"


class AdminsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Three wrong passwords lock an account (the default is five).
        cls.ck = Certkeep(env={"CERTKEEP_AUTH_MAX_FAILED_LOGINS": "3"})
        cls.ck.start()
        uri, login, password = cls.ck.demo_credentials
        cls.first = (uri, login, password)
        cls.mrao = (uri, login, NEW_MRAO_PASSWORD)
        # First login: every call but changepassword is refused until the change.
        status, _, body = cls.ck.api("GET", "/api/organization/v1", cls.first)
        assert status == 403 and body["code"] == -976, (status, body)
        status, _, body = cls.ck.api("POST", "/api/admin/v1/changepassword", cls.first,
                                     {"newPassword": NEW_MRAO_PASSWORD})
        assert status == 204, (status, body)

    @classmethod
    def tearDownClass(cls):
        cls.ck.__exit__(None, None, None)

    def create_org(self, name, **extra):
        body = {"name": name, "address1": "Main Street 1", "city": "Utrecht",
                "postalCode": "3500", "country": "NL", "clientCertificate": {},
                "sslCertsApiEnabled": True, **extra}
        status, headers, out = self.ck.api("POST", "/api/organization/v1", self.mrao, body)
        self.assertEqual(status, 201, out)
        return location_id(headers)

    def create_admin(self, auth, login, role, org_id, privileges, password=RAO_PASSWORD,
                     **extra):
        body = {"login": login, "email": login + "@uni.example", "forename": "Ann",
                "surname": "Example", "password": password,
                "credentials": [{"role": role, "orgId": org_id}], "privileges": privileges,
                "type": "STANDARD", **extra}
        return self.ck.api("POST", "/api/admin/v1", auth, body)

    def test_the_one_time_password_no_longer_works(self):
        status, _, body = self.ck.api("GET", "/api/organization/v1", self.first)
        self.assertEqual(status, 401)
        self.assertEqual(body, {"code": -16, "description": "Unknown user"})

    def test_a_weak_new_password_is_refused_naming_the_rule(self):
        status, _, body = self.ck.api("POST", "/api/admin/v1/changepassword", self.mrao,
                                      {"newPassword": "short"})
        self.assertEqual(status, 400)
        self.assertEqual(body["code"], -7306)
        self.assertIn("12", body["description"])
        status, _, body = self.ck.api("POST", "/api/admin/v1/changepassword", self.mrao,
                                      {"newPassword": "password1234"})
        self.assertEqual(body["code"], -7306)

    def test_demo_tenant_lists_its_organization_and_department(self):
        status, _, body = self.ck.api("GET", "/api/organization/v1", self.mrao)
        self.assertEqual(status, 200)
        demo = [o for o in body if o["name"] == "Demo University"]
        self.assertEqual(len(demo), 1, body)
        self.assertEqual([d["name"] for d in demo[0]["departments"]], ["Computer Science"])
        self.assertEqual(demo[0]["departments"][0]["parentName"], "Demo University")

    def test_organization_and_department_round_trip(self):
        org = self.create_org("Roundtrip University", alias="RU",
                              contactEmails=["pki@ru.example"])
        status, _, body = self.ck.api("GET", "/api/organization/v1/%d" % org, self.mrao)
        self.assertEqual(status, 200)
        self.assertEqual((body["name"], body["alias"], body["country"]),
                         ("Roundtrip University", "RU", "NL"))
        self.assertEqual(body["contactEmails"], ["pki@ru.example"])
        self.assertTrue(body["sslCertsApiEnabled"])
        status, headers, _ = self.ck.api("POST", "/api/organization/v1", self.mrao,
                                         {"name": "Physics", "parentOrgName":
                                          "Roundtrip University", "unknownLegacyField": 1})
        self.assertEqual(status, 201)
        dept = location_id(headers)
        status, _, _ = self.ck.api("PUT", "/api/organization/v1/%d" % dept, self.mrao,
                                   {"clientCertsApiEnabled": True})
        self.assertEqual(status, 200)
        _, _, body = self.ck.api("GET", "/api/organization/v1/%d" % dept, self.mrao)
        self.assertTrue(body["clientCertsApiEnabled"])
        self.assertEqual(body["parentName"], "Roundtrip University")
        # An organization with a department cannot go; the department can.
        status, _, _ = self.ck.api("DELETE", "/api/organization/v1/%d" % org, self.mrao)
        self.assertEqual(status, 409)
        status, _, _ = self.ck.api("DELETE", "/api/organization/v1/%d" % dept, self.mrao)
        self.assertEqual(status, 204)
        status, _, body = self.ck.api("POST", "/api/organization/v1", self.mrao, "{not json")
        self.assertEqual(status, 400)
        self.assertIn("JSON", body["description"])

    def test_rao_acts_only_in_its_organization_and_grants_only_what_it_holds(self):
        org = self.create_org("Scoped University")
        other = self.create_org("Other University")
        status, headers, body = self.create_admin(
            self.mrao, "rao.scoped", "RAO_SSL", org,
            ["allowCreate", "allowEdit", "sslRequest", "addDepartments"])
        self.assertEqual(status, 201, body)
        rao_id = location_id(headers)
        status, _, body = self.ck.api("GET", "/api/admin/v1/%d" % rao_id, self.mrao)
        self.assertEqual(body["credentials"], [{"role": "RAO_SSL", "orgId": org}])
        self.assertEqual(body["passwordState"], "NEVER_EXPIRE")
        rao_first = ("demo", "rao.scoped", RAO_PASSWORD)
        rao = ("demo", "rao.scoped", RAO_NEW_PASSWORD)
        status, _, body = self.ck.api("GET", "/api/admin/v1/password", rao_first)
        self.assertEqual((status, body["mustChange"]), (200, True))
        self.assertEqual(self.ck.api("POST", "/api/admin/v1/changepassword", rao_first,
                                     {"newPassword": RAO_NEW_PASSWORD})[0], 204)

        # Sees its organization only.
        _, _, body = self.ck.api("GET", "/api/organization/v1", rao)
        self.assertEqual([o["name"] for o in body], ["Scoped University"])
        # §2.5's managedBy/{role} (and its managed-by spelling): where it may place an admin
        # of that role. SSL: its organization; code signing: nowhere (it holds no CS role).
        for path in ("managedBy", "managed-by"):
            status, _, body = self.ck.api("GET", "/api/organization/v1/%s/RAO_SSL" % path, rao)
            self.assertEqual((status, [o["id"] for o in body]), (200, [org]), body)
        self.assertEqual(self.ck.api("GET", "/api/organization/v1/managedBy/RAO_CS", rao)[2], [])
        status, _, body = self.ck.api("GET", "/api/organization/v1/managedBy/RAO_SSL", self.mrao)
        self.assertTrue({org, other} <= {o["id"] for o in body}, body)
        status, _, body = self.ck.api("GET", "/api/organization/v1/managedBy/KING", rao)
        self.assertEqual((status, body["code"]), (400, -1601), body)
        self.assertEqual(self.ck.api("GET", "/api/organization/v1/%d" % other, rao)[0], 403)
        # Creates a department in its organization, not in another.
        status, headers, _ = self.ck.api("POST", "/api/organization/v1", rao,
                                         {"name": "Chemistry", "parentOrgId": org})
        self.assertEqual(status, 201)
        _, _, body = self.ck.api("GET", "/api/organization/v1/managed-by/DRAO_SSL", rao)
        self.assertEqual(body, [{"id": location_id(headers), "name": "Chemistry",
                                 "parentName": "Scoped University",
                                 "certTypes": body[0]["certTypes"]}])
        self.assertEqual(self.ck.api("POST", "/api/organization/v1", rao,
                                     {"name": "Biology", "parentOrgId": other})[0], 403)
        # Grants: not above its level, not outside its scope, not privileges it lacks.
        status, _, body = self.create_admin(rao, "mrao.by.rao", "MRAO", None, [])
        self.assertEqual((status, body["code"]), (403, -233), body)
        status, _, body = self.create_admin(rao, "rao.other", "RAO_SSL", other, [])
        self.assertEqual((status, body["code"]), (403, -233), body)
        status, _, body = self.create_admin(rao, "rao.smime", "RAO_SMIME", org, [])
        self.assertEqual((status, body["code"]), (403, -233), body)
        status, _, body = self.create_admin(rao, "rao.peer", "RAO_SSL", org,
                                            ["sslRequest", "autoApproveCertificates"])
        self.assertEqual((status, body["code"]), (403, -234), body)
        self.assertIn("autoApproveCertificates", body["description"])
        status, headers, body = self.create_admin(rao, "rao.peer", "RAO_SSL", org,
                                                  ["sslRequest"])
        self.assertEqual(status, 201, body)
        # Lists only admins inside its scope; the MRAO is not among them.
        status, headers, body = self.ck.api("GET", "/api/admin/v1?size=50", rao)
        self.assertEqual(status, 200)
        logins = sorted(a["login"] for a in body)
        self.assertEqual(logins, ["rao.peer", "rao.scoped"])
        self.assertRegex(headers, r"(?i)x-total-count: 2")
        status, _, body = self.ck.api("GET", "/api/admin/v1?login=admin", rao)
        self.assertEqual(body, [])
        _, _, mrao_list = self.ck.api("GET", "/api/admin/v1?login=admin", self.mrao)
        mrao_id = mrao_list[0]["id"]
        self.assertIn(self.ck.api("GET", "/api/admin/v1/%d" % mrao_id, rao)[0], (403, 404))
        self.assertEqual(self.ck.api("DELETE", "/api/admin/v1/%d" % mrao_id, rao)[0], 403)
        # The activity report is the MRAO's.
        self.assertEqual(self.ck.api("POST", "/api/report/v1/activity", rao, {})[0], 403)

    def test_lockout_then_unlock_by_an_admin_above(self):
        org = self.create_org("Lockout College")
        status, headers, body = self.create_admin(self.mrao, "locked.rao", "RAO_SSL", org,
                                                  ["sslRequest"])
        self.assertEqual(status, 201, body)
        rao_id = location_id(headers)
        right = ("demo", "locked.rao", RAO_PASSWORD)
        wrong = ("demo", "locked.rao", "not the password at all")
        for _ in range(3):
            self.assertEqual(self.ck.api("GET", "/api/admin/v1/password", wrong)[0], 401)
        status, _, body = self.ck.api("GET", "/api/admin/v1/password", right)
        self.assertEqual((status, body["code"]), (401, -16))
        self.assertIn("locked", body["description"])
        _, _, details = self.ck.api("GET", "/api/admin/v1/%d" % rao_id, self.mrao)
        self.assertTrue(details["locked"])
        self.assertEqual(self.ck.api("POST", "/api/admin/v1/%d/unlock" % rao_id,
                                     self.mrao)[0], 204)
        status, _, body = self.ck.api("GET", "/api/admin/v1/password", right)
        self.assertEqual(status, 200, body)

    def test_unknown_login_and_customer_answer_like_a_wrong_password(self):
        for auth in [("demo", "nobody.here", "whatever password"),
                     ("no-such-customer", "admin", NEW_MRAO_PASSWORD)]:
            status, _, body = self.ck.api("GET", "/api/organization/v1", auth)
            self.assertEqual((status, body), (401, {"code": -16, "description": "Unknown user"}))

    def test_the_last_mrao_cannot_be_removed_or_suspended(self):
        # A customer of its own, so no other test's MRAO counts.
        code, out = self.ck.cli("customer", "create", "--uri", "solo")
        self.assertEqual(code, 0, out)
        code, out = self.ck.cli("admin", "create", "--customer", "solo", "--login", "only",
                                "--email", "only@solo.example", "--forename", "Only",
                                "--surname", "Mrao", "--role", "MRAO", "--privilege",
                                "allowEdit", "--privilege", "allowDelete", "--password-stdin",
                                stdin=RAO_PASSWORD + "\n")
        self.assertEqual(code, 0, out)
        self.assertEqual(self.ck.api("POST", "/api/admin/v1/changepassword",
                                     ("solo", "only", RAO_PASSWORD),
                                     {"newPassword": RAO_NEW_PASSWORD})[0], 204)
        solo = ("solo", "only", RAO_NEW_PASSWORD)
        _, _, mrao_list = self.ck.api("GET", "/api/admin/v1?role=MRAO", solo)
        self.assertEqual([a["login"] for a in mrao_list], ["only"])
        mrao_id = mrao_list[0]["id"]
        status, _, body = self.ck.api("PUT", "/api/admin/v1/%d" % mrao_id, solo,
                                      {"activeStatus": "SUSPENDED"})
        self.assertEqual((status, body["code"]), (400, -219), body)
        code, out = self.ck.cli("org", "create", "--customer", "solo", "--name", "Solo U")
        org = int(re.search(r"id (\d+)", out).group(1))
        status, _, body = self.ck.api("PUT", "/api/admin/v1/%d" % mrao_id, solo,
                                      {"credentials": [{"role": "RAO_SSL", "orgId": org}]})
        self.assertEqual((status, body["code"]), (400, -219), body)
        # Customers are apart: the demo MRAO does not see solo's admins.
        _, _, body = self.ck.api("GET", "/api/admin/v1/%d" % mrao_id, self.mrao)
        self.assertEqual(body["code"], -1)
        self.assertEqual(self.ck.api("GET", "/api/admin/v1/%d" % mrao_id, self.mrao)[0], 404)

    def test_roles_and_privileges_vocabularies(self):
        _, _, roles = self.ck.api("GET", "/api/admin/v1/roles", self.mrao)
        self.assertEqual(roles[0], "MRAO")
        self.assertIn("DRAO_SMIME", roles)
        _, _, privileges = self.ck.api("GET", "/api/admin/v1/privileges?role=DRAO_SSL",
                                       self.mrao)
        names = {p["name"] for p in privileges}
        self.assertIn("sslApprove", names)
        self.assertNotIn("clientCertRequest", names)  # a DRAO_SSL cannot hold it
        self.assertNotIn("addOrganizationAndDepartments", names)

    def test_console_session_needs_csrf_and_api_admins_get_none(self):
        status, headers, body = self.ck.api(
            "POST", "/api/session/v1",
            body={"customerUri": "demo", "login": "admin", "password": NEW_MRAO_PASSWORD})
        self.assertEqual(status, 200, body)
        cookie = re.search(r"(?im)^set-cookie: (certkeep_session=[^;]+);(.*)$", headers)
        self.assertIsNotNone(cookie, headers)
        for attribute in ("HttpOnly", "Secure", "SameSite=Strict"):
            self.assertIn(attribute, cookie.group(2))
        jar = ["Cookie: " + cookie.group(1)]
        csrf = body["csrfToken"]
        self.assertEqual(self.ck.api("GET", "/api/organization/v1", headers=jar)[0], 200)
        status, _, body = self.ck.api("POST", "/api/organization/v1", headers=jar,
                                      body={"name": "Session College"})
        self.assertEqual(status, 403)
        self.assertIn("CSRF", body["description"])
        self.assertEqual(self.ck.api("POST", "/api/organization/v1",
                                     headers=jar + ["X-CSRF-Token: " + csrf],
                                     body={"name": "Session College"})[0], 201)
        self.assertEqual(self.ck.api("DELETE", "/api/session/v1", headers=jar)[0], 204)
        self.assertEqual(self.ck.api("GET", "/api/organization/v1", headers=jar)[0], 401)

        org = self.create_org("Api College")
        status, _, body = self.create_admin(self.mrao, "api.only", "RAO_SSL", org,
                                            ["sslRequest"], type="API")
        self.assertEqual(status, 201, body)
        status, _, body = self.ck.api(
            "POST", "/api/session/v1",
            body={"customerUri": "demo", "login": "api.only", "password": RAO_PASSWORD})
        self.assertEqual(status, 403)
        self.assertIn("API", body["description"])

    def test_an_api_admin_keeps_its_restriction_and_gives_no_console_login(self):
        org = self.create_org("Api Edit College")
        status, headers, body = self.create_admin(
            self.mrao, "api.editor", "RAO_SSL", org, ["sslRequest", "allowEdit", "allowCreate"],
            type="API")
        self.assertEqual(status, 201, body)
        own = location_id(headers)
        api = ("demo", "api.editor", "second password for the api editor")
        status, _, body = self.ck.api("POST", "/api/admin/v1/changepassword",
                                      ("demo", "api.editor", RAO_PASSWORD), {"newPassword": api[2]})
        self.assertEqual(status, 204, body)
        # Lifting its own restriction (allowEdit over itself) is refused...
        status, _, body = self.ck.api("PUT", "/api/admin/v1/%d" % own, api, {"type": "STANDARD"})
        self.assertEqual(status, 403, body)
        self.assertIn("its own type", body["description"])
        # ...and so is giving another admin the console login it lacks itself.
        status, _, body = self.create_admin(api, "api.made.standard", "RAO_SSL", org, [])
        self.assertEqual(status, 403, body)
        status, _, body = self.create_admin(api, "api.made.api", "RAO_SSL", org, [], type="API")
        self.assertEqual(status, 201, body)
        status, _, body = self.ck.api(
            "POST", "/api/session/v1",
            body={"customerUri": "demo", "login": "api.editor", "password": api[2]})
        self.assertEqual(status, 403, body)
        # The list a non-MRAO sees counts only the admins it may see: an RAO_SMIME of the
        # same organization is neither listed nor counted.
        status, _, body = self.create_admin(self.mrao, "smime.beside", "RAO_SMIME", org, [])
        self.assertEqual(status, 201, body)
        status, headers, listed = self.ck.api("GET", "/api/admin/v1?size=1", api)
        self.assertEqual(status, 200, listed)
        total = int(re.search(r"(?im)^x-total-count: (\d+)", headers).group(1))
        status, _, everyone = self.ck.api("GET", "/api/admin/v1", api)
        logins = sorted(a["login"] for a in everyone)
        self.assertEqual(logins, ["api.editor", "api.made.api"])
        self.assertEqual(total, 2)
        self.assertEqual(len(listed), 1)
        status, _, second = self.ck.api("GET", "/api/admin/v1?size=1&position=1", api)
        self.assertEqual([a["login"] for a in listed + second], [a["login"] for a in everyone])
        # An MRAO may lift the restriction.
        status, _, body = self.ck.api("PUT", "/api/admin/v1/%d" % own, self.mrao, {"type": "STANDARD"})
        self.assertEqual(status, 200, body)

    def test_activity_report_and_audit_verify_detects_an_edited_row(self):
        self.create_org("Audited University")
        status, headers, body = self.ck.api("POST", "/api/report/v1/activity?output_type=buffered",
                                            self.mrao, {"from": "2000-01-01"})
        self.assertEqual(status, 200)
        self.assertEqual(body["statusCode"], 0)
        self.assertIn("rest_api_activity.json", headers)
        actions = [r["action"]["actionName"] for r in body["reports"]]
        self.assertIn("organization.create", actions)
        self.assertIn("admin.password.change", actions)
        # Times as RFC 3339 has them are taken; out-of-range fields and trailing text not.
        for when, want in [("2000-01-01T00:00:00Z", 200), ("2000-01-01T00:00:00.250Z", 200),
                           ("2000-01-01T01:00:00+01:00", 200), ("2000-01-01T99:99:99", 400),
                           ("2000-01-01T00:00:00junk", 400), ("-999-01-01", 400),
                           ("2000-1-01", 400)]:
            status, _, out = self.ck.api("POST", "/api/report/v1/activity", self.mrao,
                                         {"from": when})
            self.assertEqual(status, want, (when, out))
        # An encoded '/' would name another resource once decoded: refused.
        status, _, out = self.ck.api("GET", "/api/admin/v1%2F1", self.mrao)
        self.assertEqual(status, 400, out)

        code, out = self.ck.cli("audit", "checkpoint")
        self.assertEqual(code, 0, out)
        code, out = self.ck.cli("audit", "verify")
        self.assertEqual(code, 0, out)
        self.assertIn("ok:", out)
        db = sqlite3.connect(os.path.join(self.ck.data_dir, "certkeep.db"))
        row = db.execute("SELECT id FROM audit_log WHERE action = 'organization.create' "
                         "ORDER BY id DESC LIMIT 1").fetchone()
        original = db.execute("SELECT detail FROM audit_log WHERE id = ?", row).fetchone()
        db.execute("UPDATE audit_log SET detail = '{}' WHERE id = ?", row)
        db.commit()
        try:
            code, out = self.ck.cli("audit", "verify")
            self.assertEqual(code, 1, out)
            self.assertIn("audit record %d" % row[0], out)
        finally:
            db.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (original[0], row[0]))
            db.commit()
            db.close()

    def test_certificate_login_under_private_api(self):
        """scm-api.md §1.3: a client certificate from certkeep's CA, recorded on the admin
        by serial, logs in under /private/api with only login and customerUri."""
        work = os.path.join(self.ck.data_dir, "..", "client")
        os.makedirs(work, exist_ok=True)
        key, csr, chain = (os.path.join(work, n) for n in ("key.pem", "req.csr", "chain.pem"))
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                        "-subj", "/CN=Cert Admin", "-addext",
                        "subjectAltName=email:cert.admin@uni.example", "-out", csr],
                       check=True, capture_output=True)
        code, out = self.ck.cli("cert", "issue", "--csr", csr, "--profile", "smime",
                                "--email", "cert.admin@uni.example", "--format", "pem",
                                "--out", chain)
        self.assertEqual(code, 0, out)
        serial = subprocess.run(["openssl", "x509", "-in", chain, "-noout", "-serial"],
                                check=True, capture_output=True, text=True).stdout
        serial = serial.strip().split("=", 1)[1]
        org = self.create_org("Certificate College")
        status, _, body = self.create_admin(self.mrao, "cert.admin", "RAO_SSL", org,
                                            ["sslRequest"], certificateSerialNumber=serial)
        self.assertEqual(status, 201, body)

        def private(path, cert=True, login="cert.admin"):
            args = ["-H", "customerUri: demo", "-H", "login: " + login]
            if cert:
                args += ["--cert", chain, "--key", key]
            status, _, text = self.ck.curl(path, *args)
            return status, json.loads(text) if text else None

        # The certificate does not skip the first-password change: until it is made, every
        # call but changepassword is refused, as with the password itself.
        status, body = private("/private/api/organization/v1")
        self.assertEqual((status, body["code"]), (403, -976), body)
        status, _, body = self.ck.api("POST", "/api/admin/v1/changepassword",
                                      ("demo", "cert.admin", RAO_PASSWORD),
                                      {"newPassword": "the certificate admin's own password"})
        self.assertEqual(status, 204, body)
        status, body = private("/private/api/organization/v1")
        self.assertEqual(status, 200, body)
        self.assertEqual([o["name"] for o in body], ["Certificate College"])
        _, _, details = self.ck.api("GET", "/api/admin/v1?login=cert.admin", self.mrao)
        _, _, details = self.ck.api("GET", "/api/admin/v1/%d" % details[0]["id"], self.mrao)
        self.assertEqual(int(details["authCert"]["serialNumber"], 16), int(serial, 16))
        # No certificate, or the certificate of another admin: unknown user.
        self.assertEqual(private("/private/api/organization/v1", cert=False)[0], 401)
        self.assertEqual(private("/private/api/organization/v1", login="admin")[0], 401)
        # A header login is not taken under /private/api.
        status, _, _ = self.ck.api("GET", "/private/api/organization/v1", self.mrao)
        self.assertEqual(status, 401)
        # Once revoked, the certificate logs in no more.
        code, out = self.ck.cli("cert", "revoke", serial, "--reason", "keyCompromise")
        self.assertEqual(code, 0, out)
        status, body = private("/private/api/organization/v1")
        self.assertEqual(status, 401, body)
        self.assertIn("revoked", body["description"])

    def test_cli_creates_and_unlocks_admins(self):
        code, out = self.ck.cli("admin", "create", "--login", "cli.mrao", "--email",
                                "cli@demo.example", "--forename", "Cli", "--surname", "Admin",
                                "--role", "MRAO", "--privilege", "allowCreate")
        self.assertEqual(code, 0, out)
        password = re.search(r"one-time password: (\S+)", out).group(1)
        status, _, body = self.ck.api("GET", "/api/admin/v1/password",
                                      ("demo", "cli.mrao", password))
        self.assertEqual((status, body["mustChange"]), (200, True))
        code, out = self.ck.cli("admin", "list")
        self.assertIn("cli.mrao", out)
        code, out = self.ck.cli("admin", "unlock", "--login", "cli.mrao")
        self.assertEqual(code, 0, out)
        code, out = self.ck.cli("org", "list")
        self.assertIn("Demo University", out)


if __name__ == "__main__":
    unittest.main()
