// The registry as read transactions keep it across transactions: answers come back at
// the version they were read at, and every change to the registry, however it is made
// (this store, another node, plain SQL), is seen by the next read; on both back ends.
#include "store/internal/registry_cache.h"

#include <gtest/gtest.h>

#include "core/notification.h"
#include "core/profile.h"
#include "store/request_scope.h"
#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using internal::RegistryCache;
using testing::At;
using testing::Must;
using testing::StoreFixture;

core::Organization Named(const std::string& name) {
  return {.name = name};
}

TEST(RegistryCache, AnswersOnlyAtTheVersionItWasReadAt) {
  RegistryCache cache;
  auto orgs = &RegistryCache::Maps::organizations;
  EXPECT_FALSE(cache.Find(orgs, 3, "1"));
  cache.Keep(orgs, 3, "1", Named("three"));
  ASSERT_TRUE(cache.Find(orgs, 3, "1"));
  EXPECT_EQ(cache.Find(orgs, 3, "1")->name, "three");
  EXPECT_FALSE(cache.Find(orgs, 4, "1"));
  EXPECT_FALSE(cache.Find(orgs, 3, "2"));
  EXPECT_FALSE(cache.Find(&RegistryCache::Maps::profiles, 3, "1"));
}

TEST(RegistryCache, ANewerVersionEmptiesItAndAnOlderOneIsNotKept) {
  RegistryCache cache;
  auto orgs = &RegistryCache::Maps::organizations;
  cache.Keep(orgs, 3, "1", Named("three"));
  cache.Keep(orgs, 5, "2", Named("five"));
  EXPECT_FALSE(cache.Find(orgs, 3, "1"));
  EXPECT_FALSE(cache.Find(orgs, 5, "1"));
  EXPECT_EQ(cache.Find(orgs, 5, "2")->name, "five");
  // A transaction that read version 4 (it began before 5 was committed) keeps nothing.
  cache.Keep(orgs, 4, "1", Named("four"));
  EXPECT_FALSE(cache.Find(orgs, 4, "1"));
  EXPECT_FALSE(cache.Find(orgs, 5, "1"));
}

class RegistryCacheStoreTest : public StoreFixture {
 protected:
  std::string OrgName(Store& s, core::OrgId id) {
    return Must(s.Read([&](Transaction& tx) { return tx.organizations().Get(id); })).name;
  }
  std::size_t Cas(Store& s) {
    return Must(s.Read([](Transaction& tx) { return tx.cas().List(); })).size();
  }
  std::size_t Delegations(Store& s, core::CustomerId c, const std::string& name) {
    auto found =
        Must(s.Read([&](Transaction& tx) { return tx.domains().ListCandidates(c, name); }));
    return found.empty() ? 0 : found.front().delegations.size();
  }
  std::size_t Validations(Store& s, core::CustomerId c, const std::string& name) {
    return Must(s.Read([&](Transaction& tx) { return tx.dcv().ValidationsFor(c, name); })).size();
  }
  std::size_t Fields(Store& s, core::CustomerId c) {
    return Must(s.Read([&](Transaction& tx) { return tx.custom_fields().List(c, {}); })).size();
  }
};

TEST_P(RegistryCacheStoreTest, ReadsSeeAChangeMadeThroughTheStoreAnotherNodeOrPlainSql) {
  auto customer = AddCustomer("demo");
  auto org = AddOrg(customer, "Before");
  auto other_node = Must(db_->Reopen());
  ASSERT_TRUE(other_node);
  EXPECT_EQ(OrgName(store(), org), "Before");
  EXPECT_EQ(OrgName(store(), org), "Before");  // from the cache

  auto changed = Must(store().Read([&](Transaction& tx) { return tx.organizations().Get(org); }));
  changed.name = "Through the store";
  ASSERT_TRUE(
      store().Transact([&](Transaction& tx) { return tx.organizations().Update(changed); }));
  EXPECT_EQ(OrgName(store(), org), "Through the store");

  changed.name = "Another node";
  ASSERT_TRUE(
      other_node->Transact([&](Transaction& tx) { return tx.organizations().Update(changed); }));
  EXPECT_EQ(OrgName(store(), org), "Another node");

  ASSERT_TRUE(db_->ExecRaw("UPDATE organization SET name = 'Plain SQL' WHERE id = " +
                           std::to_string(org.value)));
  EXPECT_EQ(OrgName(store(), org), "Plain SQL");
  EXPECT_EQ(OrgName(*other_node, org), "Plain SQL");
}

TEST_P(RegistryCacheStoreTest, EveryRegistryTableRaisesTheVersion) {
  auto customer = AddCustomer("demo");
  auto org = AddOrg(customer, "Org");
  auto dept = AddOrg(customer, "Dept", org);

  // CAs.
  EXPECT_EQ(Cas(store()), 0u);
  ASSERT_TRUE(store().Transact([](Transaction& tx) {
    return tx.cas().Insert({.name = "root",
                            .role = core::CaRole::kRoot,
                            .certificate_pem = "-----BEGIN CERTIFICATE-----\n...",
                            .key_ref = "file:x.key.pem",
                            .created_at = At(1'700'000'000)});
  }));
  EXPECT_EQ(Cas(store()), 1u);

  // Cross-certificates, added and removed by hand too.
  auto crosses = [&] {
    return Must(store().Read([](Transaction& tx) { return tx.cas().Crosses(core::CaId{1}); }))
        .size();
  };
  EXPECT_EQ(crosses(), 0u);
  auto cross = Must(store().Transact([](Transaction& tx) {
    return tx.cas().AddCross({.ca_id = core::CaId{1},
                              .certificate_pem = "-----BEGIN CERTIFICATE-----\n...",
                              .chain_pem = "",
                              .created_at = At(1'700'000'000)});
  }));
  EXPECT_EQ(crosses(), 1u);
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM ca_cross_certificate WHERE id = " + std::to_string(cross)));
  EXPECT_EQ(crosses(), 0u);
  ASSERT_TRUE(db_->ExecRaw(
      "INSERT INTO ca_cross_certificate (ca_id, certificate_pem, chain_pem, created_at) "
      "VALUES (1, 'x', '', 0)"));
  EXPECT_EQ(crosses(), 1u);
  auto removed = store().Transact([&](Transaction& tx) {
    return tx.cas().RemoveCross(core::CaId{1}, cross);  // already gone
  });
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code(), core::ErrorCode::kNotFound);

  // Domains and their delegations.
  auto domain = Must(store().Transact([&](Transaction& tx) {
    return tx.domains().Insert({.customer_id = customer, .name = "example.test", .active = true});
  }));
  EXPECT_EQ(Delegations(store(), customer, "www.example.test"), 0u);
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.domains().PutDelegation(domain, {.org_id = org,
                                               .cert_types = {core::CertType::kSsl},
                                               .status = core::DelegationStatus::kActive});
  }));
  EXPECT_EQ(Delegations(store(), customer, "www.example.test"), 1u);
  ASSERT_TRUE(db_->ExecRaw(
      "INSERT INTO domain_delegation (domain_id, org_id, cert_types, "
      "privileges, status) VALUES (" +
      std::to_string(domain.value) + ", " + std::to_string(dept.value) + ", 'SSL', '', 'ACTIVE')"));
  EXPECT_EQ(Delegations(store(), customer, "www.example.test"), 2u);
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM domain_delegation"));
  EXPECT_EQ(Delegations(store(), customer, "www.example.test"), 0u);

  // Validations.
  EXPECT_EQ(Validations(store(), customer, "www.example.test"), 0u);
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.dcv().PutValidation({.proved_name = "example.test",
                                   .validated_at = At(100),
                                   .expires_at = At(4'000'000'000),
                                   .customer_id = customer});
  }));
  EXPECT_EQ(Validations(store(), customer, "www.example.test"), 1u);
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM domain_validation"));
  EXPECT_EQ(Validations(store(), customer, "www.example.test"), 0u);

  // Custom fields.
  EXPECT_EQ(Fields(store(), customer), 0u);
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.custom_fields().Insert({.customer_id = customer, .name = "Cost centre"});
  }));
  EXPECT_EQ(Fields(store(), customer), 1u);

  // Profiles.
  auto profile = core::DefaultProfiles().front();
  auto id =
      Must(store().Transact([&](Transaction& tx) { return tx.profiles().Insert(profile, At(5)); }));
  auto name = [&] {
    return Must(store().Read([&](Transaction& tx) { return tx.profiles().Get(id); })).name;
  };
  // By name too (newOrder finds ACME's profile so): a rename is seen under both names.
  auto by_name = [&](const std::string& n) {
    return store().Read([&](Transaction& tx) { return tx.profiles().FindByName(n); });
  };
  EXPECT_EQ(name(), profile.name);
  ASSERT_TRUE(by_name(profile.name));
  EXPECT_EQ(by_name(profile.name)->id, id);
  EXPECT_FALSE(by_name("renamed"));
  ASSERT_TRUE(db_->ExecRaw("UPDATE certificate_profile SET name = 'renamed' WHERE id = " +
                           std::to_string(id.value)));
  EXPECT_EQ(name(), "renamed");
  EXPECT_FALSE(by_name(profile.name));
  ASSERT_TRUE(by_name("renamed"));
  EXPECT_EQ(by_name("renamed")->id, id);

  // Notification rules and templates (0016).
  auto type = core::NotificationType::kSslIssued;
  auto rules = [&] {
    return Must(store().Read(
                    [&](Transaction& tx) { return tx.notifications().Active(customer, type); }))
        .size();
  };
  EXPECT_EQ(rules(), 0u);
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.notifications().Insert({.customer_id = customer,
                                      .description = "issued",
                                      .type = type,
                                      .recipients = {"pki@example.test"}});
  }));
  EXPECT_EQ(rules(), 1u);
  ASSERT_TRUE(db_->ExecRaw("UPDATE notification_rule SET active = 0"));
  EXPECT_EQ(rules(), 0u);
  auto subject = [&] {
    auto t = Must(store().Read(
        [&](Transaction& tx) { return tx.notifications().GetTemplate(customer, type); }));
    return t ? t->subject : std::string("(default)");
  };
  EXPECT_EQ(subject(), "(default)");
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.notifications().PutTemplate(
        {.customer_id = customer, .type = type, .subject = "Issued", .text = "{{commonName}}"});
  }));
  EXPECT_EQ(subject(), "Issued");
  ASSERT_TRUE(db_->ExecRaw("UPDATE notification_template SET subject = 'Plain SQL'"));
  EXPECT_EQ(subject(), "Plain SQL");
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM notification_template"));
  EXPECT_EQ(subject(), "(default)");
}

TEST_P(RegistryCacheStoreTest, AReadAtTheSameVersionIsAnsweredFromTheCache) {
  auto customer = AddCustomer("demo");
  auto org = AddOrg(customer, "Cached");
  EXPECT_EQ(OrgName(store(), org), "Cached");
  // Without its trigger, a change no longer raises the version: the cache still answers.
  ASSERT_TRUE(db_->ExecRaw(GetParam() == testing::Backend::kSqlite
                               ? "DROP TRIGGER organization_registry_version_update"
                               : "DROP TRIGGER organization_registry_version ON organization"));
  ASSERT_TRUE(db_->ExecRaw("UPDATE organization SET name = 'Behind its back' WHERE id = " +
                           std::to_string(org.value)));
  EXPECT_EQ(OrgName(store(), org), "Cached");
  // A write transaction reads the table itself.
  EXPECT_EQ(
      Must(store().Transact([&](Transaction& tx) { return tx.organizations().Get(org); })).name,
      "Behind its back");
}

TEST_P(RegistryCacheStoreTest, AWriteTransactionSeesItsOwnChanges) {
  auto customer = AddCustomer("demo");
  auto org = AddOrg(customer, "Before");
  EXPECT_EQ(OrgName(store(), org), "Before");
  auto seen = Must(store().Transact([&](Transaction& tx) -> core::Result<std::string> {
    auto o = tx.organizations().Get(org);
    if (!o) return core::Fail(o.error());
    o->name = "Inside";
    if (auto r = tx.organizations().Update(*o); !r) return core::Fail(r.error());
    auto again = tx.organizations().Get(org);
    if (!again) return core::Fail(again.error());
    return again->name;
  }));
  EXPECT_EQ(seen, "Inside");
  EXPECT_EQ(OrgName(store(), org), "Inside");
}

TEST_P(RegistryCacheStoreTest, ARequestScopeReadsTheVersionOnceOnPostgresUntilItWrites) {
  auto customer = AddCustomer("demo");
  auto org = AddOrg(customer, "Before");
  auto admin = AddAdmin({.customer_id = customer, .login = "a"});
  bool postgres = GetParam() == testing::Backend::kPostgres;
  auto check = [&] {
    return Must(
        store().ReadOne([&](Transaction& tx) { return tx.admins().CredentialVersion(admin); }));
  };
  {
    RequestScope request;
    EXPECT_EQ(check(), 1);  // on PostgreSQL, with the registry version
    EXPECT_EQ(OrgName(store(), org), "Before");
    ASSERT_TRUE(db_->ExecRaw("UPDATE organization SET name = 'After' WHERE id = " +
                             std::to_string(org.value)));
    // The request's reads are as of its check on PostgreSQL; SQLite reads the version in
    // each read transaction.
    EXPECT_EQ(OrgName(store(), org), postgres ? "Before" : "After");
    {
      RequestScope next;  // another request: reads the version afresh
      EXPECT_EQ(OrgName(store(), org), "After");
    }
    // The cache has moved on to the newer version: the older one no longer finds it there
    // and reads the store.
    EXPECT_EQ(OrgName(store(), org), "After");
  }
  {
    // A write of the request drops the version: the request sees what it wrote.
    RequestScope request;
    EXPECT_EQ(check(), 1);
    EXPECT_EQ(OrgName(store(), org), "After");  // cached at the version the check read
    auto changed = Must(store().Read([&](Transaction& tx) { return tx.organizations().Get(org); }));
    changed.name = "Written";
    ASSERT_TRUE(
        store().Transact([&](Transaction& tx) { return tx.organizations().Update(changed); }));
    EXPECT_EQ(OrgName(store(), org), "Written");
  }
  // Outside any request scope, every read transaction reads the version.
  ASSERT_TRUE(db_->ExecRaw("UPDATE organization SET name = 'Outside' WHERE id = " +
                           std::to_string(org.value)));
  EXPECT_EQ(OrgName(store(), org), "Outside");
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryCacheStoreTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
