#include "authz/authz.h"

#include <gtest/gtest.h>

#include <map>

namespace certkeep::authz {
namespace {

using core::Credential;
using core::OrgId;
using core::Privilege;
using core::Role;

// Customer 1: organization 10 (departments 11, 12), organization 20 (department 21).
// Customer 2: organization 30.
const std::map<std::int64_t, core::Organization> kOrgs = {
    {10, {.id = OrgId{10}, .customer_id = core::CustomerId{1}, .name = "O1"}},
    {11,
     {.id = OrgId{11}, .customer_id = core::CustomerId{1}, .parent_id = OrgId{10}, .name = "D1"}},
    {12,
     {.id = OrgId{12}, .customer_id = core::CustomerId{1}, .parent_id = OrgId{10}, .name = "D2"}},
    {20, {.id = OrgId{20}, .customer_id = core::CustomerId{1}, .name = "O2"}},
    {21,
     {.id = OrgId{21}, .customer_id = core::CustomerId{1}, .parent_id = OrgId{20}, .name = "D3"}},
    {30, {.id = OrgId{30}, .customer_id = core::CustomerId{2}, .name = "P1"}},
};

std::optional<core::Organization> Lookup(OrgId id) {
  auto it = kOrgs.find(id.value);
  if (it == kOrgs.end()) return std::nullopt;
  return it->second;
}

Principal Who(Role role, std::optional<std::int64_t> org, core::PrivilegeSet privileges = {}) {
  Principal p;
  p.customer_id = core::CustomerId{1};
  p.login = "who";
  p.credentials = {{role, org ? std::optional<OrgId>(OrgId{*org}) : std::nullopt}};
  p.privileges = std::move(privileges);
  return p;
}

struct GrantCase {
  std::string name;
  Principal granter;
  Credential credential;
  bool allowed;
};

TEST(CheckGrantRole, OnlyAtOrBelowOwnLevelInsideOwnScopeForOwnTypes) {
  auto mrao = Who(Role::kMrao, std::nullopt);
  auto rao = Who(Role::kRaoSsl, 10);
  auto drao = Who(Role::kDraoSsl, 11);
  const GrantCase cases[] = {
      {"ok/mrao-grants-mrao", mrao, {Role::kMrao, std::nullopt}, true},
      {"ok/mrao-grants-rao-anywhere", mrao, {Role::kRaoSmime, OrgId{20}}, true},
      {"fail/mrao-grants-in-foreign-customer", mrao, {Role::kRaoSsl, OrgId{30}}, false},
      {"fail/rao-grants-mrao", rao, {Role::kMrao, std::nullopt}, false},
      {"ok/rao-grants-peer-rao", rao, {Role::kRaoSsl, OrgId{10}}, true},
      {"ok/rao-grants-drao-in-own-department", rao, {Role::kDraoSsl, OrgId{12}}, true},
      {"fail/rao-grants-rao-of-other-org", rao, {Role::kRaoSsl, OrgId{20}}, false},
      {"fail/rao-grants-drao-of-other-org", rao, {Role::kDraoSsl, OrgId{21}}, false},
      {"fail/rao-ssl-grants-rao-smime", rao, {Role::kRaoSmime, OrgId{10}}, false},
      {"fail/rao-ssl-grants-drao-cs", rao, {Role::kDraoCs, OrgId{11}}, false},
      {"ok/drao-grants-peer-drao", drao, {Role::kDraoSsl, OrgId{11}}, true},
      {"fail/drao-grants-rao", drao, {Role::kRaoSsl, OrgId{10}}, false},
      {"fail/drao-grants-sibling-department", drao, {Role::kDraoSsl, OrgId{12}}, false},
      {"fail/unknown-org", rao, {Role::kDraoSsl, OrgId{99}}, false},
      {"fail/rao-without-org", rao, {Role::kRaoSsl, std::nullopt}, false},
  };
  for (const auto& c : cases) {
    auto r = CheckGrantRole(c.granter, c.credential, Lookup);
    EXPECT_EQ(r.has_value(), c.allowed) << c.name;
    if (!r) {
      EXPECT_EQ(r.error().reason(), core::Reason::kCannotGrantRole) << c.name;
    }
  }
}

TEST(CheckGrantPrivileges, OnlyPrivilegesTheGranterHoldsMayBeAddedOrRemoved) {
  auto rao = Who(Role::kRaoSsl, 10, {Privilege::kSslRequest, Privilege::kAllowCreate});
  EXPECT_TRUE(CheckGrantPrivileges(rao, {}, {Privilege::kSslRequest}));
  auto up = CheckGrantPrivileges(rao, {}, {Privilege::kAutoApproveCertificates});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().reason(), core::Reason::kCannotGrantPrivilege);
  EXPECT_NE(up.error().detail().find("autoApproveCertificates"), std::string::npos);
  // Removing one it does not hold is a change it may not make either.
  EXPECT_FALSE(CheckGrantPrivileges(rao, {Privilege::kSslApprove}, {}));
  // Keeping one it does not hold while editing other things is fine.
  EXPECT_TRUE(CheckGrantPrivileges(rao, {Privilege::kSslApprove},
                                   {Privilege::kSslApprove, Privilege::kSslRequest}));
}

TEST(CheckGrantType, NoOneChangesItsOwnTypeAndApiAdminsGiveNoConsoleLogin) {
  using core::AdminType;
  auto rao = Who(Role::kRaoSsl, 10, {Privilege::kAllowEdit});
  EXPECT_TRUE(CheckGrantType(rao, AdminType::kApi, AdminType::kStandard, false));
  EXPECT_TRUE(CheckGrantType(rao, std::nullopt, AdminType::kIdp, false));
  EXPECT_TRUE(CheckGrantType(rao, AdminType::kApi, AdminType::kApi, true));  // unchanged
  auto own = CheckGrantType(rao, AdminType::kStandard, AdminType::kApi, true);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().reason(), core::Reason::kCannotGrantPrivilege);
  auto api = rao;
  api.type = AdminType::kApi;
  EXPECT_FALSE(CheckGrantType(api, AdminType::kApi, AdminType::kStandard, true));
  EXPECT_FALSE(CheckGrantType(api, AdminType::kApi, AdminType::kStandard, false));
  EXPECT_FALSE(CheckGrantType(api, std::nullopt, AdminType::kStandard, false));
  EXPECT_FALSE(CheckGrantType(api, std::nullopt, AdminType::kIdp, false));
  EXPECT_TRUE(CheckGrantType(api, std::nullopt, AdminType::kApi, false));
  EXPECT_TRUE(CheckGrantType(api, AdminType::kStandard, AdminType::kApi, false));
}

TEST(CheckManages, AnAdminIsManagedOnlyByOneThatCouldHaveGrantedAllItsRoles) {
  auto rao = Who(Role::kRaoSsl, 10);
  std::vector<Credential> inside{{Role::kDraoSsl, OrgId{11}}};
  std::vector<Credential> straddling{{Role::kRaoSsl, OrgId{10}}, {Role::kRaoSmime, OrgId{10}}};
  std::vector<Credential> mrao{{Role::kMrao, std::nullopt}};
  EXPECT_TRUE(CheckManages(rao, inside, Lookup));
  EXPECT_FALSE(CheckManages(rao, straddling, Lookup));
  EXPECT_FALSE(CheckManages(rao, mrao, Lookup));
}

TEST(CheckCredentialShape, FollowsScmRules) {
  auto check = [](std::vector<Credential> c) {
    return CheckCredentialShape(core::CustomerId{1}, c, Lookup);
  };
  EXPECT_EQ(check({}).error().reason(), core::Reason::kRoleWithoutOrg);
  EXPECT_EQ(check({{Role::kRaoSsl, std::nullopt}}).error().reason(), core::Reason::kRoleWithoutOrg);
  EXPECT_EQ(check({{Role::kRaoSsl, OrgId{10}}, {Role::kDraoSsl, OrgId{11}}}).error().reason(),
            core::Reason::kRolesMixedLevels);
  EXPECT_EQ(check({{Role::kRaoSsl, OrgId{10}}, {Role::kRaoSsl, OrgId{20}}}).error().reason(),
            core::Reason::kOneOrgPerRole);
  EXPECT_EQ(check({{Role::kRaoSsl, OrgId{11}}}).error().reason(), core::Reason::kInvalidField);
  EXPECT_EQ(check({{Role::kDraoSsl, OrgId{10}}}).error().reason(), core::Reason::kInvalidField);
  EXPECT_EQ(check({{Role::kRaoSsl, OrgId{30}}}).error().reason(), core::Reason::kInvalidField);
  EXPECT_TRUE(check({{Role::kRaoSsl, OrgId{10}}, {Role::kRaoSmime, OrgId{20}}}));
  std::vector<Credential> mrao{{Role::kMrao, OrgId{10}}};
  EXPECT_TRUE(CheckCredentialShape(core::CustomerId{1}, mrao, Lookup));
  EXPECT_FALSE(mrao.front().org_id.has_value());  // MRAO is customer-wide
}

TEST(UnfitPrivileges, TypeAndLevelBoundPrivilegesNeedAFittingRole) {
  std::vector<Credential> drao_ssl{{Role::kDraoSsl, OrgId{11}}};
  auto unfit = UnfitPrivileges(drao_ssl, {Privilege::kSslApprove, Privilege::kClientCertRequest,
                                          Privilege::kAddDepartments});
  EXPECT_EQ(unfit,
            (std::vector<Privilege>{Privilege::kClientCertRequest, Privilege::kAddDepartments}));
}

TEST(Authorize, ForeignCustomerIsAlwaysRefused) {
  auto mrao = Who(Role::kMrao, std::nullopt, {Privilege::kAddOrganizationAndDepartments});
  EXPECT_TRUE(Authorize(mrao, Action::kCreateOrganization, Place::Customer(core::CustomerId{1})));
  auto r = Authorize(mrao, Action::kCreateOrganization, Place::Customer(core::CustomerId{2}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kOutOfScope);
}

TEST(Authorize, ACertificateTypeActionNeedsARoleOfThatType) {
  auto rao = Who(Role::kRaoSsl, 10);
  auto place = Place::Of(*Lookup(OrgId{11}));
  EXPECT_TRUE(Covers(rao, place, core::RoleLevel::kDepartment, core::CertType::kSsl));
  EXPECT_FALSE(Covers(rao, place, core::RoleLevel::kDepartment, core::CertType::kSmime));
  auto r = Authorize(rao, Action::kViewOrganization, place, core::CertType::kSmime);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kCertTypeNotHeld);
}

TEST(CheckWebApiEnabled, FollowsTheOrganizationsSwitches) {
  core::Organization o{.name = "O", .ssl_certs_api_enabled = true};
  EXPECT_TRUE(CheckWebApiEnabled(o, core::CertType::kSsl));
  auto r = CheckWebApiEnabled(o, core::CertType::kSmime);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kWebApiDisabled);
}

}  // namespace
}  // namespace certkeep::authz
