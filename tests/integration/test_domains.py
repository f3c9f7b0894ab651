"""Integration tests of the domain registry (#6, first part) over the real binary with
curl: SCM's /api/domain/v1 paths, delegation requests by a RAO that wait for the MRAO,
and a DRAO that cannot see another department's domains."""

import re
import unittest

from harness import Certkeep, location_id

PASSWORD = "domains test passphrase 1"


class DomainsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = Certkeep()
        cls.ck.start()
        cls.mrao = cls.ck.demo_mrao(PASSWORD)
        _, _, orgs = cls.ck.api("GET", "/api/organization/v1", cls.mrao)
        demo = [o for o in orgs if o["name"] == "Demo University"][0]
        cls.org = demo["id"]
        cls.dept = demo["departments"][0]["id"]
        status, headers, _ = cls.ck.api("POST", "/api/organization/v1", cls.mrao,
                                        {"name": "Physics", "parentOrgId": cls.org})
        cls.other_dept = location_id(headers)
        cls.rao = cls.make_admin("dom.rao", "RAO_SSL", cls.org,
                                 ["allowManageDomains", "approveDomainDelegation", "sslRequest"])
        cls.drao = cls.make_admin("dom.drao", "DRAO_SSL", cls.dept,
                                  ["allowManageDomains", "sslRequest"])

    @classmethod
    def make_admin(cls, login, role, org, privileges):
        return cls.ck.make_admin(cls.mrao, login, role, org, privileges, PASSWORD + "!")

    @classmethod
    def tearDownClass(cls):
        cls.ck.__exit__(None, None, None)

    def add(self, auth, name, org, privileges=("DOMAIN", "SUBDOMAIN"), **extra):
        return self.ck.api("POST", "/api/domain/v1", auth, {
            "name": name, "description": "test", "active": True,
            "delegations": [{"orgId": org, "certTypes": ["SSL"],
                             "domainCertificateRequestPrivileges": list(privileges)}], **extra})

    def test_mrao_adds_a_domain_and_its_wildcard_delegated_to_a_department(self):
        for name, privileges in [("cs.demo.example", ["DOMAIN", "SUBDOMAIN"]),
                                 ("*.cs.demo.example", ["WILDCARD_1ST_LEVEL"])]:
            status, headers, body = self.add(self.mrao, name, self.dept, privileges)
            self.assertEqual(status, 201, body)
            status, _, d = self.ck.api("GET", "/api/domain/v1/%d" % location_id(headers),
                                       self.mrao)
            self.assertEqual(d["name"], name)
            self.assertEqual(d["state"], "ACTIVE")
            self.assertEqual(d["delegationStatus"], "ACTIVE")
            # §2.4's fields are there whether validated or not (null until then).
            for field in ("validationMethod", "dcvValidation", "dcvExpiration"):
                self.assertIn(field, d)
            self.assertEqual(d["ctLogMonitoring"]["enabled"], False)
            self.assertEqual(d["delegations"][0]["domainCertificateRequestPrivileges"],
                             privileges)
        status, _, body = self.add(self.mrao, "CS.Demo.Example", self.dept)
        self.assertEqual((status, body["code"]), (400, -700))
        status, _, body = self.add(self.mrao, "not a domain", self.dept)
        self.assertEqual((status, body["code"]), (400, -732))
        status, _, body = self.ck.api("GET", "/api/domain/v1/999999", self.mrao)
        self.assertEqual((status, body["code"]), (404, -727))

    def test_a_rao_request_waits_for_the_mrao(self):
        status, headers, body = self.add(self.rao, "physics.demo.example", self.org)
        self.assertEqual(status, 201, body)
        domain = location_id(headers)
        _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % domain, self.rao)
        self.assertEqual(d["delegations"][0]["status"], "REQUESTED")
        _, headers, body = self.ck.api("GET", "/api/domain/v1?status=requested", self.mrao)
        self.assertIn(domain, [x["id"] for x in body])
        # Not by the requester's peer level: an admin above it approves.
        status, _, body = self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % domain,
                                      self.rao, {"orgId": self.org})
        self.assertEqual(status, 403, body)
        self.assertEqual(self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % domain,
                                     self.mrao, {"orgId": self.org})[0], 200)
        _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % domain, self.mrao)
        self.assertEqual(d["delegations"][0]["status"], "ACTIVE")
        status, _, body = self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % domain,
                                      self.mrao, {"orgId": self.org})
        self.assertEqual((status, body["code"]), (400, -705))

    def test_a_drao_request_is_approved_by_its_rao(self):
        status, headers, body = self.add(self.drao, "lab.cs.demo.example", self.dept)
        self.assertEqual(status, 201, body)
        domain = location_id(headers)
        self.assertEqual(self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % domain,
                                     self.drao, {"orgId": self.dept})[0], 403)
        self.assertEqual(self.ck.api("POST", "/api/domain/v1/%d/delegation/approve" % domain,
                                     self.rao, {"orgId": self.dept})[0], 200)

    def test_a_name_inside_another_organizations_domain_is_approved_by_an_mrao(self):
        # The RAO above the asking DRAO does not cover the organization whose domain the
        # name lies in: an MRAO decides, for the name and for its wildcard alike.
        other = self.ck.create_org(self.mrao, {"name": "Chemistry Institute"})
        status, _, body = self.add(self.mrao, "chem.demo.example", other)
        self.assertEqual(status, 201, body)
        for name, privileges in [("x.chem.demo.example", ["DOMAIN"]),
                                 ("*.chem.demo.example", ["WILDCARD_1ST_LEVEL"])]:
            status, headers, body = self.add(self.drao, name, self.dept, privileges)
            self.assertEqual(status, 201, body)
            inside = location_id(headers)
            approve = "/api/domain/v1/%d/delegation/approve" % inside
            status, _, body = self.ck.api("POST", approve, self.rao, {"orgId": self.dept})
            self.assertEqual(status, 403, body)
            self.assertIn("'chem.demo.example'", body["description"])
            status, _, body = self.ck.api("POST", approve, self.mrao, {"orgId": self.dept})
            self.assertEqual(status, 200, body)

    def test_a_bulk_delegation_changes_all_or_none(self):
        status, headers, body = self.add(self.mrao, "bulk.demo.example", self.dept)
        self.assertEqual(status, 201, body)
        first = location_id(headers)
        request = {"orgId": self.other_dept, "certTypes": ["SSL"],
                   "domainCertificateRequestPrivileges": ["DOMAIN"]}
        for ids, want in (([first, "x"], 400), ([first, 999999], 404)):
            status, _, body = self.ck.api("POST", "/api/domain/v1/delegation", self.mrao,
                                          dict(request, domainIds=ids))
            self.assertEqual(status, want, body)
            _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % first, self.mrao)
            self.assertEqual([g["orgId"] for g in d["delegations"]], [self.dept])
        status, _, body = self.ck.api("POST", "/api/domain/v1/delegation", self.mrao,
                                      dict(request, domainIds=[first]))
        self.assertEqual(status, 200, body)
        _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % first, self.mrao)
        self.assertEqual(sorted(g["orgId"] for g in d["delegations"]),
                         sorted([self.dept, self.other_dept]))

    def test_a_drao_sees_and_touches_only_its_departments_domains(self):
        status, headers, _ = self.add(self.mrao, "physics-only.demo.example", self.other_dept)
        foreign = location_id(headers)
        status, _, body = self.ck.api("GET", "/api/domain/v1?size=200", self.drao)
        self.assertNotIn(foreign, [x["id"] for x in body])
        self.assertEqual(self.ck.api("GET", "/api/domain/v1/%d" % foreign, self.drao)[0], 404)
        self.assertEqual(self.ck.api("PUT", "/api/domain/v1/%d/suspend" % foreign,
                                     self.drao)[0], 404)
        status, _, body = self.add(self.drao, "grab.demo.example", self.other_dept)
        self.assertEqual(status, 403, body)
        status, _, body = self.ck.api("POST", "/api/domain/v1/%d/delegation" % foreign, self.drao,
                                      {"orgId": self.dept, "certTypes": ["SSL"],
                                       "domainCertificateRequestPrivileges": ["DOMAIN"]})
        self.assertEqual(status, 404, body)

    def test_suspend_activate_count_and_delete(self):
        status, headers, _ = self.add(self.mrao, "cycle.demo.example", self.org)
        domain = location_id(headers)
        self.assertEqual(self.ck.api("PUT", "/api/domain/v1/%d/suspend" % domain,
                                     self.mrao)[0], 200)
        _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % domain, self.mrao)
        self.assertEqual(d["state"], "SUSPENDED")
        _, _, body = self.ck.api("GET", "/api/domain/v1?state=inactive", self.mrao)
        self.assertIn(domain, [x["id"] for x in body])
        _, _, count = self.ck.api("GET", "/api/domain/v1/count?state=inactive", self.mrao)
        self.assertGreaterEqual(count["count"], 1)
        self.assertEqual(self.ck.api("PUT", "/api/domain/v1/%d/activate" % domain,
                                     self.mrao)[0], 200)
        status, _, _ = self.ck.api("DELETE", "/api/domain/v1/%d/delegation" % domain, self.mrao,
                                   {"orgId": self.org, "certTypes": ["SSL"]})
        self.assertEqual(status, 200)
        self.assertEqual(self.ck.api("DELETE", "/api/domain/v1/%d" % domain, self.mrao)[0], 204)
        self.assertEqual(self.ck.api("GET", "/api/domain/v1/%d" % domain, self.mrao)[0], 404)

    def test_cli_adds_delegates_and_lists_domains(self):
        code, out = self.ck.cli("domain", "add", "--name", "cli.demo.example", "--org",
                                str(self.dept), "--privilege", "DOMAIN", "--privilege",
                                "WILDCARD_1ST_LEVEL")
        self.assertEqual(code, 0, out)
        domain = int(re.search(r"id (\d+)", out).group(1))
        code, out = self.ck.cli("domain", "delegate", "--name", "cli.demo.example", "--org",
                                str(self.other_dept), "--cert-type", "SMIME")
        self.assertEqual(code, 0, out)
        code, out = self.ck.cli("domain", "list")
        self.assertRegex(out, r"%d\tcli\.demo\.example\tACTIVE\t" % domain)
        _, _, d = self.ck.api("GET", "/api/domain/v1/%d" % domain, self.mrao)
        by_org = {g["orgId"]: g for g in d["delegations"]}
        self.assertEqual(by_org[self.dept]["domainCertificateRequestPrivileges"],
                         ["DOMAIN", "WILDCARD_1ST_LEVEL"])
        self.assertEqual(by_org[self.other_dept]["certTypes"], ["SMIME"])
        self.assertEqual(by_org[self.other_dept]["status"], "ACTIVE")
        code, out = self.ck.cli("domain", "add", "--name", "bad name", "--org", str(self.dept))
        self.assertEqual(code, 1)
        self.assertIn("Invalid domain name", out)


if __name__ == "__main__":
    unittest.main()
