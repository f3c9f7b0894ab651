#include "support/tenant_world.h"

#include "pki/random.h"
#include "service/customers.h"
#include "service/organizations.h"

namespace certkeep::testing {

TenantWorld::TenantWorld(store::Store& store) : store(store) {
  random = std::make_unique<pki::OpenSslRandom>();
  hasher = std::make_unique<auth::PasswordHasher>(
      *auth::PasswordHasher::Create({.t_cost = 1, .m_cost_kib = 1024, .parallelism = 1}, *random));
  admins = std::make_unique<service::Admins>(store, clock, *random, *hasher);
  a = *service::CreateCustomer(store, clock, "A", "Customer A", "test");
  b = *service::CreateCustomer(store, clock, "B", "Customer B", "test");
  o1 = AddOrg(a, "O1", std::nullopt);
  d1 = AddOrg(a, "D1", o1);
  d1b = AddOrg(a, "D1b", o1);
  o2 = AddOrg(a, "O2", std::nullopt);
  d2 = AddOrg(a, "D2", o2);
  p1 = AddOrg(b, "P1", std::nullopt);
  q1 = AddOrg(b, "Q1", p1);
  mrao = AddAdmin(a, "mrao", core::Role::kMrao, std::nullopt);
  rao = AddAdmin(a, "rao", core::Role::kRaoSsl, o1);
  drao = AddAdmin(a, "drao", core::Role::kDraoSsl, d1);
  foreign_mrao = AddAdmin(b, "mrao", core::Role::kMrao, std::nullopt);
}

core::OrgId TenantWorld::AddOrg(core::CustomerId customer, const std::string& name,
                                std::optional<core::OrgId> parent) {
  auto id = store.Transact([&](store::Transaction& tx) {
    return service::CreateOrganizationAsOperator(
        tx, clock, customer, parent, {.name = name, .ssl_certs_api_enabled = true}, "test");
  });
  EXPECT_TRUE(id) << id.error().detail();
  return id.value_or(core::OrgId{});
}

core::Admin TenantWorld::AddAdmin(core::CustomerId customer, const std::string& login,
                                  core::Role role, std::optional<core::OrgId> org) {
  std::vector<core::Credential> credentials{{role, org}};
  core::PrivilegeSet all;
  for (const auto& p : core::AllPrivileges()) all.insert(p.privilege);
  auto unfit = authz::UnfitPrivileges(credentials, all);
  for (auto p : unfit) all.erase(p);
  service::AdminPatch patch{.login = login,
                            .email = login + "@example.test",
                            .forename = "Test",
                            .surname = login,
                            .type = core::AdminType::kStandard,
                            .credentials = credentials,
                            .privileges = all,
                            .password = std::string(kWorldPassword)};
  auto id = admins->CreateAsOperator(customer, patch, "test");
  EXPECT_TRUE(id) << login << ": " << id.error().detail();
  auto admin = store.Read([&](store::Transaction& tx) { return tx.admins().Get(*id); });
  EXPECT_TRUE(admin);
  return admin.value_or(core::Admin{});
}

}  // namespace certkeep::testing
