#include "service/customers.h"

#include "service/admins.h"
#include "service/audit_log.h"
#include "service/organizations.h"

namespace certkeep::service {

core::Result<core::CustomerId> CreateCustomer(store::Store& store, const core::Clock& clock,
                                              const std::string& uri, const std::string& name,
                                              const std::string& actor) {
  if (!core::IsValidCustomerUri(uri)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "customerUri: 1 to 64 of letters, digits, '.', '_' and '-'");
  }
  return store.Transact([&](store::Transaction& tx) -> core::Result<core::CustomerId> {
    auto id = tx.customers().Insert({.uri = uri, .name = name, .created_at = clock.Now()});
    if (!id) return id;
    auto audit = RecordAudit(tx, clock,
                             {.customer_id = *id,
                              .actor = actor,
                              .action = "customer.create",
                              .object_type = "customer",
                              .object_id = std::to_string(id->value),
                              .detail = "{\"uri\":\"" + uri + "\"}"});
    if (!audit) return core::Fail(audit.error());
    return *id;
  });
}

core::Result<std::optional<DemoTenant>> EnsureDemoTenant(store::Store& store,
                                                         const core::Clock& clock,
                                                         core::RandomSource& random,
                                                         const auth::PasswordHasher& hasher) {
  DemoTenant demo{.customer_uri = "demo",
                  .login = "admin",
                  // 24 base64url characters: 144 bits, and meets the policy.
                  .password = core::RandomToken(random, 18),
                  .organization = "Demo University",
                  .department = "Computer Science"};
  auto existing =
      store.Read([&](store::Transaction& tx) { return tx.customers().FindByUri("demo"); });
  if (existing) return std::optional<DemoTenant>();
  if (existing.error().code() != core::ErrorCode::kNotFound) return core::Fail(existing.error());

  auto customer = CreateCustomer(store, clock, demo.customer_uri, "Demo research network", "init");
  if (!customer) return core::Fail(customer.error());
  auto orgs = store.Transact([&](store::Transaction& tx) -> core::Result<core::OrgId> {
    OrganizationPatch fields{.name = demo.organization,
                             .address1 = "1 Campus Road",
                             .city = "Utrecht",
                             .postal_code = "3584 AA",
                             .country = "NL",
                             .contact_emails = std::vector<std::string>{"pki@demo.example"},
                             .ssl_certs_api_enabled = true,
                             .client_certs_api_enabled = true};
    auto org = CreateOrganizationAsOperator(tx, clock, *customer, std::nullopt, fields, "init");
    if (!org) return org;
    OrganizationPatch dept = fields;
    dept.name = demo.department;
    auto d = CreateOrganizationAsOperator(tx, clock, *customer, *org, dept, "init");
    if (!d) return core::Fail(d.error());
    return *org;
  });
  if (!orgs) return core::Fail(orgs.error());

  core::PrivilegeSet all;
  for (const auto& p : core::AllPrivileges()) all.insert(p.privilege);
  Admins admins(store, clock, random, hasher);
  AdminPatch mrao{.login = demo.login,
                  .email = "admin@demo.example",
                  .forename = "Demo",
                  .surname = "Administrator",
                  .type = core::AdminType::kStandard,
                  .credentials = std::vector<core::Credential>{{core::Role::kMrao, std::nullopt}},
                  .privileges = all,
                  .password = demo.password};
  auto admin = admins.CreateAsOperator(*customer, mrao, "init");
  if (!admin) return core::Fail(admin.error());
  return std::optional<DemoTenant>(std::move(demo));
}

}  // namespace certkeep::service
