// Customers, organizations and departments, on both back ends.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using testing::At;
using testing::Backend;
using testing::Must;
using testing::StoreFixture;

class TenancyStoreTest : public StoreFixture {};

TEST_P(TenancyStoreTest, CustomerReadsBackAndItsUriIsUnique) {
  auto id = Must(store().Transact([](Transaction& tx) {
    return tx.customers().Insert({.uri = "demo", .name = "Demo Inc.", .created_at = At(17)});
  }));
  auto got = Must(store().Transact([&](Transaction& tx) { return tx.customers().Get(id); }));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.uri, "demo");
  EXPECT_EQ(got.name, "Demo Inc.");
  EXPECT_EQ(core::ToUnixSeconds(got.created_at), 17);
  EXPECT_EQ(
      Must(store().Transact([](Transaction& tx) { return tx.customers().FindByUri("demo"); })).id,
      id);

  auto other_case =
      store().Transact([](Transaction& tx) { return tx.customers().FindByUri("Demo"); });
  ASSERT_FALSE(other_case);
  EXPECT_EQ(other_case.error().code(), core::ErrorCode::kNotFound);
  auto again = store().Transact(
      [](Transaction& tx) { return tx.customers().Insert({.uri = "demo", .name = "Other"}); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
  EXPECT_NE(again.error().detail().find("demo"), std::string::npos);
  EXPECT_EQ(Must(store().Transact([](Transaction& tx) { return tx.customers().List(); })).size(),
            1u);
}

TEST_P(TenancyStoreTest, OrganizationAndDepartmentReadBackFieldByField) {
  auto customer = AddCustomer("demo");
  core::Organization org{.customer_id = customer,
                         .name = "Acme",
                         .alias = "acme",
                         .secondary_name = "Acme GmbH",
                         .address = {.address1 = "1 Main St",
                                     .address2 = "Floor 2",
                                     .address3 = "Suite 3",
                                     .city = "Springfield",
                                     .state_or_province = "IL",
                                     .postal_code = "62701",
                                     .country = "US"},
                         .contact_emails = {"pki@acme.test", "ops@acme.test"},
                         .ssl_certs_api_enabled = true,
                         .client_certs_api_enabled = false,
                         .created_at = At(100),
                         .updated_at = At(101)};
  org.id = Must(store().Transact([&](Transaction& tx) { return tx.organizations().Insert(org); }));
  auto dept = AddOrg(customer, "Sales", org.id);

  auto got =
      Must(store().Transact([&](Transaction& tx) { return tx.organizations().Get(org.id); }));
  EXPECT_EQ(got.id, org.id);
  EXPECT_EQ(got.customer_id, customer);
  EXPECT_FALSE(got.parent_id);
  EXPECT_EQ(got.name, "Acme");
  EXPECT_EQ(got.alias, "acme");
  EXPECT_EQ(got.secondary_name, "Acme GmbH");
  EXPECT_EQ(got.address.address1, "1 Main St");
  EXPECT_EQ(got.address.address2, "Floor 2");
  EXPECT_EQ(got.address.address3, "Suite 3");
  EXPECT_EQ(got.address.city, "Springfield");
  EXPECT_EQ(got.address.state_or_province, "IL");
  EXPECT_EQ(got.address.postal_code, "62701");
  EXPECT_EQ(got.address.country, "US");
  EXPECT_EQ(got.contact_emails, (std::vector<std::string>{"pki@acme.test", "ops@acme.test"}));
  EXPECT_TRUE(got.ssl_certs_api_enabled);
  EXPECT_FALSE(got.client_certs_api_enabled);
  EXPECT_EQ(core::ToUnixSeconds(got.created_at), 100);
  EXPECT_EQ(core::ToUnixSeconds(got.updated_at), 101);

  auto all =
      Must(store().Transact([&](Transaction& tx) { return tx.organizations().List(customer); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, org.id);
  EXPECT_EQ(all[1].id, dept);
  EXPECT_EQ(all[1].parent_id, org.id);
  EXPECT_TRUE(all[1].contact_emails.empty());
  auto elsewhere = AddCustomer("other");
  EXPECT_TRUE(Must(store().Transact([&](Transaction& tx) {
                return tx.organizations().List(elsewhere);
              })).empty());
  auto missing =
      store().Transact([](Transaction& tx) { return tx.organizations().Get(core::OrgId{999}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(TenancyStoreTest, NamesAreUniqueUnderOneParentOnly) {
  auto c1 = AddCustomer("one");
  auto c2 = AddCustomer("two");
  auto acme = AddOrg(c1, "Acme");
  auto globex = AddOrg(c1, "Globex");
  AddOrg(c2, "Acme");  // another customer
  AddOrg(c1, "Sales", acme);
  AddOrg(c1, "Sales", globex);  // another organization
  AddOrg(c1, "Acme", acme);     // a department may share its organization's name

  struct Case {
    std::string name;
    core::Organization org;
  };
  const Case cases[] = {
      {"fail/organization-name", {.customer_id = c1, .name = "Acme"}},
      {"fail/department-name", {.customer_id = c1, .parent_id = acme, .name = "Sales"}},
  };
  for (const auto& c : cases) {
    auto r = store().Transact([&](Transaction& tx) { return tx.organizations().Insert(c.org); });
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code(), core::ErrorCode::kConflict) << c.name;
    EXPECT_EQ(r.error().reason(), core::Reason::kOrgNameTaken) << c.name;
    EXPECT_NE(r.error().detail().find(c.org.name), std::string::npos) << c.name;
  }
}

TEST_P(TenancyStoreTest, UpdateReplacesTheFieldsButNeverCustomerOrParent) {
  auto c1 = AddCustomer("one");
  auto c2 = AddCustomer("two");
  auto acme = AddOrg(c1, "Acme");
  auto globex = AddOrg(c1, "Globex");
  auto sales = AddOrg(c1, "Sales", acme);
  AddOrg(c1, "Support", acme);

  auto changed =
      Must(store().Transact([&](Transaction& tx) { return tx.organizations().Get(sales); }));
  changed.customer_id = c2;
  changed.parent_id = globex;
  changed.name = "Sales EMEA";
  changed.address.city = "Paris";
  changed.contact_emails = {"emea@acme.test"};
  changed.client_certs_api_enabled = true;
  changed.updated_at = At(500);
  ASSERT_TRUE(
      store().Transact([&](Transaction& tx) { return tx.organizations().Update(changed); }));
  auto got = Must(store().Transact([&](Transaction& tx) { return tx.organizations().Get(sales); }));
  EXPECT_EQ(got.customer_id, c1);
  EXPECT_EQ(got.parent_id, acme);
  EXPECT_EQ(got.name, "Sales EMEA");
  EXPECT_EQ(got.address.city, "Paris");
  EXPECT_EQ(got.contact_emails, std::vector<std::string>{"emea@acme.test"});
  EXPECT_TRUE(got.client_certs_api_enabled);
  EXPECT_EQ(core::ToUnixSeconds(got.updated_at), 500);

  got.name = "Support";  // the sibling's
  auto taken = store().Transact([&](Transaction& tx) { return tx.organizations().Update(got); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().reason(), core::Reason::kOrgNameTaken);
  got.id = core::OrgId{999};
  got.name = "Nowhere";
  auto missing = store().Transact([&](Transaction& tx) { return tx.organizations().Update(got); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(TenancyStoreTest, DeleteIsRefusedWhileDepartmentsOrAdminsDependOnIt) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto sales = AddOrg(customer, "Sales", acme);
  auto erase = [&](core::OrgId id) {
    return store().Transact([&](Transaction& tx) { return tx.organizations().Delete(id); });
  };

  auto with_department = erase(acme);
  ASSERT_FALSE(with_department);
  EXPECT_EQ(with_department.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(with_department.error().reason(), core::Reason::kOrgHasDependents);
  EXPECT_NE(with_department.error().detail().find("Acme"), std::string::npos);

  ASSERT_TRUE(erase(sales));
  auto admin = AddAdmin(
      {.customer_id = customer, .login = "rao", .credentials = {{core::Role::kRaoSsl, acme}}});
  auto with_admin = erase(acme);
  ASSERT_FALSE(with_admin);
  EXPECT_EQ(with_admin.error().reason(), core::Reason::kOrgHasDependents);

  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.admins().Delete(admin); }));
  ASSERT_TRUE(erase(acme));
  auto gone = store().Transact([&](Transaction& tx) { return tx.organizations().Get(acme); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  auto again = erase(acme);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, TenancyStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
