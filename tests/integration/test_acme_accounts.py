"""SCM's ACME accounts (scm-api.md §2.9) over the real binary with curl: the MRAO creates
EAB credentials for a department, reads, lists, renames, limits them to the department's
delegated domains and deletes them; a DRAO of another department neither sees nor reaches
them; bad input gets its exact status and SCM code."""

import re
import unittest

from harness import Certkeep, location_id

PASSWORD = "acme accounts test passphrase 1"
DOMAIN = "acme-accounts.example.test"


class AcmeAccountsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = Certkeep()
        cls.ck.start()
        cls.mrao = cls.ck.demo_mrao(PASSWORD)
        cls.org = cls.create_org({"name": "Acme University"})
        cls.dept = cls.create_org({"name": "Acme CS", "parentOrgId": cls.org})
        cls.other_dept = cls.create_org({"name": "Acme Physics", "parentOrgId": cls.org})
        cls.other_drao = cls.ck.make_admin(cls.mrao, "acme.other", "DRAO_SSL", cls.other_dept,
                                           ["sslRequest"], PASSWORD + "!")
        # Delegated to the department; not validated (adding it to an account needs none).
        status, _, body = cls.ck.api("POST", "/api/domain/v1", cls.mrao, {
            "name": DOMAIN, "delegations": [{
                "orgId": cls.dept, "certTypes": ["SSL"],
                "domainCertificateRequestPrivileges": ["DOMAIN", "SUBDOMAIN"]}]})
        assert status == 201, body

    @classmethod
    def create_org(cls, body):
        return cls.ck.create_org(cls.mrao, body)

    @classmethod
    def tearDownClass(cls):
        cls.ck.__exit__(None, None, None)

    def create(self, name, org, **extra):
        status, headers, body = self.ck.api("POST", "/api/acme/v1/account", self.mrao,
                                            {"name": name, "organizationId": org, **extra})
        self.assertEqual(status, 201, body)
        self.assertRegex(headers, r"(?im)^location: https://\S+/api/acme/v1/account/\d+\s*$")
        return location_id(headers)

    def listed(self, auth, query=""):
        status, headers, body = self.ck.api("GET", "/api/acme/v2/account" + query, auth)
        self.assertEqual(status, 200, body)
        total = int(re.search(r"(?im)^x-total-count: (\d+)", headers).group(1))
        return [a["id"] for a in body], total

    def test_the_eab_directory_is_listed(self):
        status, headers, body = self.ck.api("GET", "/api/acme/v1/server", self.mrao)
        self.assertEqual(status, 200, body)
        self.assertIn("x-total-count: 1", headers.lower())
        self.assertEqual(len(body), 1)
        server = body[0]
        self.assertEqual(server["name"], "v2")
        self.assertRegex(server["url"], r"^https://[^/]+:%d/acme/v2/directory$" % self.ck.port)
        self.assertEqual(server["certValidationType"], "DV")
        self.assertTrue(server["active"])
        for key in ("caId", "singleProductId", "multiProductId", "wcProductId"):
            self.assertIn(key, server)
        _, _, none = self.ck.api("GET", "/api/acme/v1/server?certValidationType=EV", self.mrao)
        self.assertEqual(none, [])
        _, _, by_url = self.ck.api("GET", "/api/acme/v1/server?url=" + server["url"],
                                   self.other_drao)
        self.assertEqual([s["name"] for s in by_url], ["v2"])

    def test_an_account_for_a_department_from_creation_to_deletion(self):
        account = self.create("web servers", self.dept)
        path = "/api/acme/v1/account/%d" % account
        status, _, a = self.ck.api("GET", path, self.mrao)
        self.assertEqual(status, 200, a)
        self.assertEqual(a["id"], account)
        self.assertEqual(a["name"], "web servers")
        self.assertEqual(a["status"], "pending")
        self.assertEqual(a["organizationId"], self.dept)
        self.assertEqual(a["certValidationType"], "DV")
        self.assertRegex(a["acmeServer"], r"^https://\S+/acme/v2/directory$")
        self.assertRegex(a["macId"], r"^[A-Za-z0-9_-]{27}$")   # 20 bytes, base64url
        self.assertRegex(a["macKey"], r"^[A-Za-z0-9_-]{43}$")  # 32 bytes, base64url
        self.assertEqual((a["accountId"], a["contacts"], a["domains"]), ("", "", []))
        self.assertEqual(self.ck.api("GET", "/api/acme/v2/account/%d" % account,
                                     self.mrao)[2]["macKey"], a["macKey"])

        # Lists and their filters; organizationId with ",-2" leaves the departments out.
        other = self.create("elsewhere", self.other_dept)
        ids, total = self.listed(self.mrao, "?organizationId=%d" % self.org)
        self.assertEqual((ids, total), ([account, other], 2))
        self.assertEqual(self.listed(self.mrao, "?organizationId=%d,-2" % self.org), ([], 0))
        self.assertEqual(self.listed(self.mrao, "?organizationId=%d" % self.dept)[0], [account])
        self.assertEqual(self.listed(self.mrao, "?name=WEB&status=pending")[0], [account])
        self.assertEqual(self.listed(self.mrao, "?status=valid")[0], [])
        self.assertEqual(self.listed(self.mrao, "?certValidationType=OV")[0], [])
        self.assertEqual(self.listed(self.mrao, "?organizationId=%d&size=1&position=1"
                                     % self.org), ([other], 2))

        # Renamed; then limited to the department's domain (not yet validated).
        status, _, body = self.ck.api("PUT", path, self.mrao, {"name": "web farm"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.ck.api("GET", path, self.mrao)[2]["name"], "web farm")
        status, _, body = self.ck.api("POST", path + "/domains", self.mrao, {"domains": [
            {"name": DOMAIN}, {"name": "www." + DOMAIN}, {"name": "undelegated.example.test"}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body, {"notAddedDomains": ["undelegated.example.test"]})
        self.assertEqual(self.ck.api("GET", path, self.mrao)[2]["domains"],
                         [{"name": DOMAIN}, {"name": "www." + DOMAIN}])
        status, headers, domains = self.ck.api("GET", "/api/acme/v2/account/%d/domain" % account,
                                               self.mrao)
        self.assertEqual(status, 200, domains)
        self.assertIn("x-total-count: 2", headers.lower())
        self.assertEqual([(d["name"], d["validUntil"]) for d in domains],
                         [(DOMAIN, None), ("www." + DOMAIN, None)])
        status, _, body = self.ck.api("DELETE", "/api/acme/v2/account/%d/domain" % account,
                                      self.mrao, {"domains": [{"name": "www." + DOMAIN},
                                                              {"name": "never.example.test"}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body, {"notRemovedDomains": ["never.example.test"]})
        self.assertEqual(self.ck.api("GET", path, self.mrao)[2]["domains"], [{"name": DOMAIN}])

        # A DRAO of another department neither sees nor reaches it.
        self.assertEqual(self.listed(self.other_drao), ([other], 1))
        for method, body in (("GET", None), ("PUT", {"name": "mine"}), ("DELETE", None)):
            status, _, out = self.ck.api(method, path, self.other_drao, body)
            self.assertEqual(status, 404, out)
        status, _, out = self.ck.api("POST", path + "/domains", self.other_drao,
                                     {"domains": [{"name": DOMAIN}]})
        self.assertEqual(status, 404, out)

        status, _, body = self.ck.api("DELETE", path, self.mrao)
        self.assertEqual(status, 204, body)
        self.assertEqual(self.ck.api("GET", path, self.mrao)[0], 404)
        self.assertEqual(self.ck.api("DELETE", path, self.mrao)[0], 404)
        self.assertEqual(self.ck.api("DELETE", "/api/acme/v1/account/%d" % other,
                                     self.mrao)[0], 204)

    def test_bad_input_is_refused_with_scm_codes(self):
        cases = [
            ({"organizationId": self.dept}, 400, -7),  # no name
            ({"name": "x", "organizationId": self.dept, "acmeServer": "https://other.test/"},
             400, -1601),
            ({"name": "x", "organizationId": 999999}, 400, -1601),
            ({"name": "x" * 257, "organizationId": self.dept}, 400, -1601),
            ({"name": "x"}, 400, -7),  # no organizationId
        ]
        for body, status, code in cases:
            got, _, out = self.ck.api("POST", "/api/acme/v1/account", self.mrao, body)
            self.assertEqual((got, out["code"]), (status, code), (body, out))
        # A DRAO creates nothing outside its department.
        got, _, out = self.ck.api("POST", "/api/acme/v1/account", self.other_drao,
                                  {"name": "x", "organizationId": self.dept})
        self.assertEqual((got, out["code"]), (403, -3), out)
        got, _, out = self.ck.api("GET", "/api/acme/v1/account?status=sleeping", self.mrao)
        self.assertEqual((got, out["code"]), (400, -1601), out)
        got, _, out = self.ck.api("GET", "/api/acme/v1/account?organizationId=5,-3", self.mrao)
        self.assertEqual((got, out["code"]), (400, -1601), out)


if __name__ == "__main__":
    unittest.main()
