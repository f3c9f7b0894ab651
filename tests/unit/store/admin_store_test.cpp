// Administrators with their credentials, privileges and password state, on both back ends.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::Role;
using testing::At;
using testing::Backend;
using testing::Must;
using testing::StoreFixture;

class AdminStoreTest : public StoreFixture {
 protected:
  core::Admin Get(core::AdminId id) {
    return Must(store().Transact([&](Transaction& tx) { return tx.admins().Get(id); }));
  }
  core::Result<void> Update(const core::Admin& admin) {
    return store().Transact([&](Transaction& tx) { return tx.admins().Update(admin); });
  }
  AdminPage List(const AdminQuery& query) {
    return Must(store().Transact([&](Transaction& tx) { return tx.admins().List(query); }));
  }
};

TEST_P(AdminStoreTest, AdminReadsBackFieldByField) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto sales = AddOrg(customer, "Sales", acme);
  auto creator = AddAdmin({.customer_id = customer, .login = "root"});
  const core::Admin admin{.customer_id = customer,
                          .login = "jdoe",
                          .email = "jdoe@acme.test",
                          .forename = "Jane",
                          .surname = "Doe",
                          .contact = {.title = "CISO",
                                      .telephone = "+1 555 0100",
                                      .street = "1 Main St",
                                      .locality = "Springfield",
                                      .state = "IL",
                                      .postal_code = "62701",
                                      .country = "US"},
                          .type = core::AdminType::kIdp,
                          .identity_provider_id = "idp-1",
                          .idp_person_id = "person-9",
                          .auth_cert_issuer = "CN=Client CA",
                          .auth_cert_serial = "0a1b",
                          .credentials = {{Role::kRaoSsl, acme}, {Role::kDraoSmime, sales}},
                          .privileges = {core::Privilege::kSslRevoke, core::Privilege::kAllowCreate,
                                         core::Privilege::kViewUsage},
                          .suspended = true,
                          .password = {.hash = "$argon2id$v=19$x",
                                       .must_change = false,
                                       .changed_at = At(1000),
                                       .expires_at = At(2000),
                                       .failed_attempts = 2,
                                       .lockouts = 1,
                                       .locked_until = At(1500)},
                          .credential_version = 7,
                          .created_by = creator,
                          .created_at = At(900),
                          .modified_at = At(950)};
  auto id = AddAdmin(admin);

  auto got = Get(id);
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.customer_id, customer);
  EXPECT_EQ(got.login, "jdoe");
  EXPECT_EQ(got.email, "jdoe@acme.test");
  EXPECT_EQ(got.forename, "Jane");
  EXPECT_EQ(got.surname, "Doe");
  EXPECT_EQ(got.contact.title, "CISO");
  EXPECT_EQ(got.contact.telephone, "+1 555 0100");
  EXPECT_EQ(got.contact.street, "1 Main St");
  EXPECT_EQ(got.contact.locality, "Springfield");
  EXPECT_EQ(got.contact.state, "IL");
  EXPECT_EQ(got.contact.postal_code, "62701");
  EXPECT_EQ(got.contact.country, "US");
  EXPECT_EQ(got.type, core::AdminType::kIdp);
  EXPECT_EQ(got.identity_provider_id, "idp-1");
  EXPECT_EQ(got.idp_person_id, "person-9");
  EXPECT_EQ(got.auth_cert_issuer, "CN=Client CA");
  EXPECT_EQ(got.auth_cert_serial, "0a1b");
  EXPECT_EQ(got.credentials, admin.credentials);
  EXPECT_EQ(got.privileges, admin.privileges);
  EXPECT_TRUE(got.suspended);
  EXPECT_EQ(got.password.hash, "$argon2id$v=19$x");
  EXPECT_FALSE(got.password.must_change);
  EXPECT_EQ(core::ToUnixSeconds(got.password.changed_at), 1000);
  EXPECT_EQ(got.password.expires_at, At(2000));
  EXPECT_EQ(got.password.failed_attempts, 2);
  EXPECT_EQ(got.password.lockouts, 1);
  EXPECT_EQ(got.password.locked_until, At(1500));
  EXPECT_EQ(got.credential_version, 7);
  EXPECT_EQ(got.created_by, creator);
  EXPECT_EQ(core::ToUnixSeconds(got.created_at), 900);
  EXPECT_EQ(core::ToUnixSeconds(got.modified_at), 950);

  auto plain = Get(creator);
  EXPECT_TRUE(plain.credentials.empty());
  EXPECT_TRUE(plain.privileges.empty());
  EXPECT_FALSE(plain.password.expires_at);
  EXPECT_FALSE(plain.password.locked_until);
  EXPECT_FALSE(plain.created_by);
  EXPECT_TRUE(plain.password.must_change);

  auto by_login = Must(
      store().Transact([&](Transaction& tx) { return tx.admins().FindByLogin(customer, "jdoe"); }));
  EXPECT_EQ(by_login.id, id);
  EXPECT_EQ(by_login.credentials, admin.credentials);
  auto elsewhere = AddCustomer("other");
  auto not_there =
      store().Transact([&](Transaction& tx) { return tx.admins().FindByLogin(elsewhere, "jdoe"); });
  ASSERT_FALSE(not_there);
  EXPECT_EQ(not_there.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AdminStoreTest, LoginIsUniqueWithinACustomerOnly) {
  auto c1 = AddCustomer("one");
  auto c2 = AddCustomer("two");
  AddAdmin({.customer_id = c1, .login = "jdoe"});
  auto again = store().Transact(
      [&](Transaction& tx) { return tx.admins().Insert({.customer_id = c1, .login = "jdoe"}); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().reason(), core::Reason::kLoginTaken);
  EXPECT_NE(again.error().detail().find("jdoe"), std::string::npos);
  EXPECT_NE(AddAdmin({.customer_id = c2, .login = "jdoe"}), core::AdminId{});

  auto other = Get(AddAdmin({.customer_id = c1, .login = "other"}));
  other.login = "jdoe";
  auto renamed = Update(other);
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().reason(), core::Reason::kLoginTaken);
}

TEST_P(AdminStoreTest, UpdateReplacesTheAdminAndItsCredentials) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto globex = AddOrg(customer, "Globex");
  auto id = AddAdmin({.customer_id = customer,
                      .login = "jdoe",
                      .credentials = {{Role::kRaoSsl, acme}, {Role::kRaoCs, acme}},
                      .privileges = {core::Privilege::kSslRequest},
                      .password = {.expires_at = At(10), .locked_until = At(20)}});

  auto admin = Get(id);
  admin.customer_id = AddCustomer("elsewhere");  // never moves
  admin.login = "jane";
  admin.email = "jane@acme.test";
  admin.credentials = {{Role::kRaoSmime, globex}};
  admin.privileges = {core::Privilege::kClientCertRevoke, core::Privilege::kAllowEdit};
  admin.password.hash = "new";
  admin.password.expires_at.reset();
  admin.password.locked_until.reset();
  admin.password.failed_attempts = 4;
  admin.credential_version = 2;
  ASSERT_TRUE(Update(admin));

  auto got = Get(id);
  EXPECT_EQ(got.customer_id, customer);
  EXPECT_EQ(got.login, "jane");
  EXPECT_EQ(got.email, "jane@acme.test");
  EXPECT_EQ(got.credentials, admin.credentials);
  EXPECT_EQ(got.privileges, admin.privileges);
  EXPECT_EQ(got.password.hash, "new");
  EXPECT_FALSE(got.password.expires_at);
  EXPECT_FALSE(got.password.locked_until);
  EXPECT_EQ(got.password.failed_attempts, 4);
  EXPECT_EQ(Must(store().Transact([&](Transaction& tx) { return tx.admins().CountAt(acme); })), 0);

  admin.id = core::AdminId{999};
  auto missing = Update(admin);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AdminStoreTest, ListAppliesEachFilterInTheQuery) {
  auto c1 = AddCustomer("one");
  auto c2 = AddCustomer("two");
  auto a = AddOrg(c1, "A");
  auto a1 = AddOrg(c1, "A1", a);
  auto b = AddOrg(c1, "B");
  AddAdmin({.customer_id = c1,
            .login = "mrao",
            .email = "m@one.test",
            .credentials = {{Role::kMrao, std::nullopt}}});
  AddAdmin({.customer_id = c1,
            .login = "rao-a",
            .type = core::AdminType::kApi,
            .credentials = {{Role::kRaoSsl, a}},
            .suspended = true});
  AddAdmin({.customer_id = c1,
            .login = "drao-a1",
            .type = core::AdminType::kIdp,
            .identity_provider_id = "idp-1",
            .credentials = {{Role::kDraoSsl, a1}}});
  AddAdmin({.customer_id = c1,
            .login = "rao-a-b",
            .credentials = {{Role::kRaoSsl, a}, {Role::kRaoSmime, b}}});
  AddAdmin({.customer_id = c1, .login = "no-role"});
  AddAdmin({.customer_id = c2, .login = "mrao", .credentials = {{Role::kMrao, std::nullopt}}});

  using Logins = std::vector<std::string>;
  struct Case {
    std::string name;
    AdminQuery query;
    Logins want;
  };
  const Case cases[] = {
      {"all-of-one-customer", {.customer = c1}, {"mrao", "rao-a", "drao-a1", "rao-a-b", "no-role"}},
      {"login", {.customer = c1, .login = "rao-a"}, {"rao-a"}},
      {"email", {.customer = c1, .email = "m@one.test"}, {"mrao"}},
      {"type", {.customer = c1, .type = core::AdminType::kApi}, {"rao-a"}},
      {"suspended", {.customer = c1, .suspended = true}, {"rao-a"}},
      {"not-suspended",
       {.customer = c1, .suspended = false},
       {"mrao", "drao-a1", "rao-a-b", "no-role"}},
      {"org", {.customer = c1, .org_id = a}, {"rao-a", "rao-a-b"}},
      {"role", {.customer = c1, .role = Role::kRaoSsl}, {"rao-a", "rao-a-b"}},
      {"role-at-org-is-one-credential", {.customer = c1, .org_id = a, .role = Role::kRaoSmime}, {}},
      {"idp", {.customer = c1, .identity_provider_id = "idp-1"}, {"drao-a1"}},
      {"within-a", {.customer = c1, .within = std::vector{a, a1}}, {"rao-a", "drao-a1"}},
      {"within-a-and-b",
       {.customer = c1, .within = std::vector{a, a1, b}},
       {"rao-a", "drao-a1", "rao-a-b"}},
      {"within-nothing", {.customer = c1, .within = std::vector<core::OrgId>{}}, {}},
      {"within-and-suspended",
       {.customer = c1, .suspended = false, .within = std::vector{a, a1}},
       {"drao-a1"}},
  };
  for (const auto& c : cases) {
    auto page = List(c.query);
    Logins got;
    for (const auto& admin : page.admins) got.push_back(admin.login);
    EXPECT_EQ(got, c.want) << c.name;
    EXPECT_EQ(page.total, static_cast<std::int64_t>(c.want.size())) << c.name;
  }
}

TEST_P(AdminStoreTest, ListPagesInIdOrderWithTheTotal) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  std::vector<core::AdminId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(AddAdmin({.customer_id = customer,
                            .login = "admin-" + std::to_string(i),
                            .credentials = {{Role::kRaoSsl, acme}, {Role::kRaoCs, acme}}}));
  }
  auto first = List({.customer = customer, .position = 0, .size = 2});
  EXPECT_EQ(first.total, 5);
  ASSERT_EQ(first.admins.size(), 2u);
  EXPECT_EQ(first.admins[0].id, ids[0]);
  EXPECT_EQ(first.admins[1].id, ids[1]);
  for (const auto& admin : first.admins) EXPECT_EQ(admin.credentials.size(), 2u);
  auto last = List({.customer = customer, .position = 4, .size = 2});
  EXPECT_EQ(last.total, 5);
  ASSERT_EQ(last.admins.size(), 1u);
  EXPECT_EQ(last.admins[0].id, ids[4]);
  auto beyond = List({.customer = customer, .position = 10, .size = 2});
  EXPECT_EQ(beyond.total, 5);
  EXPECT_TRUE(beyond.admins.empty());
}

TEST_P(AdminStoreTest, CountsTheCredentialVersionAndTheEmail) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto first = AddAdmin({.customer_id = customer,
                         .login = "m1",
                         .email = "m1@demo.example",
                         .credentials = {{Role::kMrao, std::nullopt}},
                         .credential_version = 5});
  AddAdmin({.customer_id = customer,
            .login = "m2",
            .credentials = {{Role::kMrao, std::nullopt}},
            .suspended = true});
  AddAdmin({.customer_id = customer,
            .login = "r1",
            .credentials = {{Role::kRaoSsl, acme}, {Role::kRaoSmime, acme}}});
  AddAdmin({.customer_id = AddCustomer("other"),
            .login = "m3",
            .credentials = {{Role::kMrao, std::nullopt}}});
  auto count = [&](Role role) {
    return Must(store().Transact(
        [&](Transaction& tx) { return tx.admins().CountActiveWithRole(customer, role); }));
  };
  EXPECT_EQ(count(Role::kMrao), 1);
  EXPECT_EQ(count(Role::kRaoSsl), 1);
  EXPECT_EQ(count(Role::kDraoCs), 0);
  EXPECT_EQ(Must(store().Transact([&](Transaction& tx) { return tx.admins().CountAt(acme); })), 1);
  EXPECT_EQ(
      Must(store().Transact([&](Transaction& tx) { return tx.admins().CredentialVersion(first); })),
      5);
  auto missing = store().Transact(
      [](Transaction& tx) { return tx.admins().CredentialVersion(core::AdminId{999}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(Must(store().Read([&](Transaction& tx) { return tx.admins().Email(first); })),
            "m1@demo.example");
  auto no_email =
      store().Read([](Transaction& tx) { return tx.admins().Email(core::AdminId{999}); });
  ASSERT_FALSE(no_email);
  EXPECT_EQ(no_email.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AdminStoreTest, DeleteTakesCredentialsAndSessionsAlong) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto id =
      AddAdmin({.customer_id = customer, .login = "jdoe", .credentials = {{Role::kRaoSsl, acme}}});
  ASSERT_TRUE(store().Transact(
      [&](Transaction& tx) { return tx.sessions().Insert({.token_hash = "t", .admin_id = id}); }));
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.admins().Delete(id); }));
  EXPECT_EQ(store().Transact([&](Transaction& tx) { return tx.admins().Get(id); }).error().code(),
            core::ErrorCode::kNotFound);
  EXPECT_EQ(Must(store().Transact([&](Transaction& tx) { return tx.admins().CountAt(acme); })), 0);
  EXPECT_FALSE(store().Transact([](Transaction& tx) { return tx.sessions().Find("t"); }));
  auto again = store().Transact([&](Transaction& tx) { return tx.admins().Delete(id); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
