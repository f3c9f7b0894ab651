// The domain registry with its delegations, on both back ends.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::CertType;
using core::DelegationStatus;
using core::DomainPrivilege;
using testing::At;
using testing::Backend;
using testing::Must;
using testing::StoreFixture;
using Names = std::vector<std::string>;

class DomainStoreTest : public StoreFixture {
 protected:
  core::DomainId AddDomain(core::Domain domain) {
    return Must(store().Transact([&](Transaction& tx) { return tx.domains().Insert(domain); }));
  }
  core::DomainId AddDomain(core::CustomerId customer, const std::string& name,
                           std::vector<core::Delegation> delegations = {}, bool active = true) {
    return AddDomain({.customer_id = customer,
                      .name = name,
                      .active = active,
                      .delegations = std::move(delegations)});
  }
  core::Result<core::Domain> Get(core::DomainId id) {
    return store().Transact([&](Transaction& tx) { return tx.domains().Get(id); });
  }
  DomainPage List(const DomainQuery& query) {
    return Must(store().Transact([&](Transaction& tx) { return tx.domains().List(query); }));
  }
  Names Candidates(core::CustomerId customer, const std::string& name) {
    auto found = Must(store().Transact(
        [&](Transaction& tx) { return tx.domains().ListCandidates(customer, name); }));
    Names out;
    for (const auto& d : found) out.push_back(d.name);
    return out;
  }
  static core::Delegation To(core::OrgId org, DelegationStatus status = DelegationStatus::kActive) {
    return {.org_id = org,
            .cert_types = {CertType::kSsl},
            .privileges = {DomainPrivilege::kDomain},
            .status = status};
  }
};

TEST_P(DomainStoreTest, DomainReadsBackFieldByFieldWithItsDelegations) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto sales = AddOrg(customer, "Sales", acme);
  auto admin = AddAdmin({.customer_id = customer, .login = "rao"});
  auto id = AddDomain(
      {.customer_id = customer,
       .name = "example.org",
       .description = "the main site",
       .active = false,
       .delegations = {{.org_id = sales,
                        .cert_types = {CertType::kCodeSigning, CertType::kSsl},
                        .privileges = {DomainPrivilege::kWildcard2ndLevel, DomainPrivilege::kDomain,
                                       DomainPrivilege::kSubdomain},
                        .status = DelegationStatus::kRequested,
                        .requested_by = admin},
                       {.org_id = acme,
                        .cert_types = {CertType::kSsl, CertType::kSmime, CertType::kCodeSigning},
                        .privileges = {DomainPrivilege::kWildcard1stLevel},
                        .status = DelegationStatus::kActive}},
       .created_at = At(1700)});

  auto got = Must(Get(id));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.customer_id, customer);
  EXPECT_EQ(got.name, "example.org");
  EXPECT_EQ(got.description, "the main site");
  EXPECT_FALSE(got.active);
  EXPECT_EQ(core::ToUnixSeconds(got.created_at), 1700);
  ASSERT_EQ(got.delegations.size(), 2u);
  const auto* to_acme = got.DelegationTo(acme);
  ASSERT_NE(to_acme, nullptr);
  EXPECT_EQ(to_acme->cert_types,
            (std::set{CertType::kSsl, CertType::kSmime, CertType::kCodeSigning}));
  EXPECT_EQ(to_acme->privileges, std::set{DomainPrivilege::kWildcard1stLevel});
  EXPECT_EQ(to_acme->status, DelegationStatus::kActive);
  EXPECT_FALSE(to_acme->requested_by);
  const auto* to_sales = got.DelegationTo(sales);
  ASSERT_NE(to_sales, nullptr);
  EXPECT_EQ(to_sales->cert_types, (std::set{CertType::kSsl, CertType::kCodeSigning}));
  EXPECT_EQ(to_sales->privileges, (std::set{DomainPrivilege::kDomain, DomainPrivilege::kSubdomain,
                                            DomainPrivilege::kWildcard2ndLevel}));
  EXPECT_EQ(to_sales->status, DelegationStatus::kRequested);
  EXPECT_EQ(to_sales->requested_by, admin);

  auto bare = Must(Get(AddDomain(customer, "bare.example.org")));
  EXPECT_TRUE(bare.active);
  EXPECT_TRUE(bare.description.empty());
  EXPECT_TRUE(bare.delegations.empty());
  auto missing = Get(core::DomainId{999});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(DomainStoreTest, NameIsUniqueWithinACustomerOnly) {
  auto one = AddCustomer("one");
  auto two = AddCustomer("two");
  auto first = AddDomain(one, "example.org");
  auto elsewhere = AddDomain(two, "example.org");
  EXPECT_NE(first, elsewhere);

  auto again = store().Transact([&](Transaction& tx) {
    return tx.domains().Insert({.customer_id = one, .name = "example.org"});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().reason(), core::Reason::kDomainExists);
  EXPECT_NE(again.error().detail().find("example.org"), std::string::npos);

  auto find = [&](core::CustomerId customer, const std::string& name) {
    return store().Transact(
        [&](Transaction& tx) { return tx.domains().FindByName(customer, name); });
  };
  EXPECT_EQ(Must(find(one, "example.org")).id, first);
  EXPECT_EQ(Must(find(two, "example.org")).id, elsewhere);
  auto absent = find(one, "other.org");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(DomainStoreTest, ListAppliesEachFilterInTheQuery) {
  auto c1 = AddCustomer("one");
  auto c2 = AddCustomer("two");
  auto a = AddOrg(c1, "A");
  auto a1 = AddOrg(c1, "A1", a);
  auto b = AddOrg(c1, "B");
  AddDomain(c1, "shop.example.org", {To(a)});
  AddDomain(c1, "example.org", {To(a), To(b, DelegationStatus::kRequested)});
  AddDomain(c1, "*.example.org", {To(a1, DelegationStatus::kRequested)});
  AddDomain(c1, "old.test", {To(b)}, false);
  AddDomain(c1, "100%_sure.test");
  AddDomain(c2, "example.org", {});

  struct Case {
    std::string name;
    DomainQuery query;
    Names want;
  };
  const Case cases[] = {
      {"all-of-one-customer-by-name",
       {.customer = c1},
       {"*.example.org", "100%_sure.test", "example.org", "old.test", "shop.example.org"}},
      {"name-substring",
       {.customer = c1, .name = "example"},
       {"*.example.org", "example.org", "shop.example.org"}},
      {"name-ignores-case", {.customer = c1, .name = "SHOP.Example"}, {"shop.example.org"}},
      {"name-percent-is-literal", {.customer = c1, .name = "%"}, {"100%_sure.test"}},
      {"name-underscore-is-literal", {.customer = c1, .name = "e_o"}, {}},
      {"active",
       {.customer = c1, .active = true},
       {"*.example.org", "100%_sure.test", "example.org", "shop.example.org"}},
      {"suspended", {.customer = c1, .active = false}, {"old.test"}},
      {"status-active",
       {.customer = c1, .status = DelegationStatus::kActive},
       {"example.org", "old.test", "shop.example.org"}},
      {"status-requested",
       {.customer = c1, .status = DelegationStatus::kRequested},
       {"*.example.org", "example.org"}},
      {"org", {.customer = c1, .org_id = b}, {"example.org", "old.test"}},
      {"org-department-only", {.customer = c1, .org_id = a1}, {"*.example.org"}},
      {"within-a",
       {.customer = c1, .within = std::vector{a, a1}},
       {"*.example.org", "example.org", "shop.example.org"}},
      {"within-b", {.customer = c1, .within = std::vector{b}}, {"example.org", "old.test"}},
      {"within-nothing", {.customer = c1, .within = std::vector<core::OrgId>{}}, {}},
      {"within-and-active",
       {.customer = c1, .active = true, .within = std::vector{b}},
       {"example.org"}},
      {"name-and-org", {.customer = c1, .name = "shop", .org_id = b}, {}},
  };
  for (const auto& c : cases) {
    auto page = List(c.query);
    Names got;
    for (const auto& d : page.domains) got.push_back(d.name);
    EXPECT_EQ(got, c.want) << c.name;
    EXPECT_EQ(page.total, static_cast<std::int64_t>(c.want.size())) << c.name;
  }
}

TEST_P(DomainStoreTest, ListPagesInNameOrderWithTheTotalAndDelegations) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto sales = AddOrg(customer, "Sales", acme);
  for (const char* name : {"e.test", "c.test", "a.test", "d.test", "b.test"}) {
    AddDomain(customer, name, {To(acme), To(sales)});
  }
  auto first = List({.customer = customer, .position = 0, .size = 2});
  EXPECT_EQ(first.total, 5);
  ASSERT_EQ(first.domains.size(), 2u);
  EXPECT_EQ(first.domains[0].name, "a.test");
  EXPECT_EQ(first.domains[1].name, "b.test");
  for (const auto& d : first.domains) EXPECT_EQ(d.delegations.size(), 2u);
  auto middle = List({.customer = customer, .position = 2, .size = 2});
  ASSERT_EQ(middle.domains.size(), 2u);
  EXPECT_EQ(middle.domains[0].name, "c.test");
  auto last = List({.customer = customer, .position = 4, .size = 2});
  EXPECT_EQ(last.total, 5);
  ASSERT_EQ(last.domains.size(), 1u);
  EXPECT_EQ(last.domains[0].name, "e.test");
  auto beyond = List({.customer = customer, .position = 10, .size = 2});
  EXPECT_EQ(beyond.total, 5);
  EXPECT_TRUE(beyond.domains.empty());
}

TEST_P(DomainStoreTest, CandidatesAreTheNameItsParentsAndTheirWildcardRows) {
  auto customer = AddCustomer("demo");
  auto other = AddCustomer("other");
  auto acme = AddOrg(customer, "Acme");
  for (const char* name : {"example.org", "*.example.org", "a.example.org", "*.a.example.org",
                           "b.a.example.org", "*.b.a.example.org", "c.b.a.example.org",
                           "x.example.org", "*.x.example.org", "example.com", "org", "*.org"}) {
    AddDomain(customer, name, {To(acme)});
  }
  AddDomain(customer, "s.example.org", {}, false);
  AddDomain(customer, "*.s.example.org", {}, false);
  AddDomain(other, "a.example.org");

  struct Case {
    std::string name;
    std::string requested;
    Names want;
  };
  const Case cases[] = {
      {"exact-registrable", "example.org", {"*.example.org", "example.org"}},
      {"parents-and-their-wildcards",
       "b.a.example.org",
       {"*.a.example.org", "*.b.a.example.org", "*.example.org", "a.example.org", "b.a.example.org",
        "example.org"}},
      {"unregistered-name-finds-its-parents",
       "new.a.example.org",
       {"*.a.example.org", "*.example.org", "a.example.org", "example.org"}},
      {"wildcard-input",
       "*.a.example.org",
       {"*.a.example.org", "*.example.org", "a.example.org", "example.org"}},
      {"suspended-rows-cover-nothing", "s.example.org", {"*.example.org", "example.org"}},
      {"unrelated", "example.net", {}},
      {"empty", "", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Candidates(customer, c.requested), c.want) << c.name;
  }
  EXPECT_EQ(Candidates(other, "x.a.example.org"), Names{"a.example.org"});
  auto found = Must(store().Transact(
      [&](Transaction& tx) { return tx.domains().ListCandidates(customer, "example.org"); }));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].delegations.size(), 1u);
}

TEST_P(DomainStoreTest, DeleteTakesTheDelegationsAlong) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto id = AddDomain(customer, "example.org", {To(acme)});
  auto erase = [&] {
    return store().Transact([&](Transaction& tx) { return tx.domains().Delete(id); });
  };
  ASSERT_TRUE(erase());
  auto gone = Get(id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  EXPECT_TRUE(List({.customer = customer, .org_id = acme}).domains.empty());
  // No delegation is left to hold the organization.
  EXPECT_TRUE(store().Transact([&](Transaction& tx) { return tx.organizations().Delete(acme); }));
  auto again = erase();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(DomainStoreTest, SetActiveSuspendsAndRestores) {
  auto customer = AddCustomer("demo");
  auto id = AddDomain(customer, "example.org");
  auto set = [&](core::DomainId domain, bool active) {
    return store().Transact(
        [&](Transaction& tx) { return tx.domains().SetActive(domain, active); });
  };
  ASSERT_TRUE(set(id, false));
  EXPECT_FALSE(Must(Get(id)).active);
  EXPECT_TRUE(Candidates(customer, "example.org").empty());
  ASSERT_TRUE(set(id, true));
  EXPECT_TRUE(Must(Get(id)).active);
  auto missing = set(core::DomainId{999}, true);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(DomainStoreTest, PutDelegationAddsThenReplacesAndRemoveDelegationNeedsOne) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto globex = AddOrg(customer, "Globex");
  auto admin = AddAdmin({.customer_id = customer, .login = "drao"});
  auto id = AddDomain(customer, "example.org", {To(globex)});
  auto put = [&](core::DomainId domain, const core::Delegation& d) {
    return store().Transact([&](Transaction& tx) { return tx.domains().PutDelegation(domain, d); });
  };
  auto remove = [&](core::OrgId org) {
    return store().Transact(
        [&](Transaction& tx) { return tx.domains().RemoveDelegation(id, org); });
  };

  ASSERT_TRUE(put(id, {.org_id = acme,
                       .cert_types = {CertType::kSmime},
                       .privileges = {DomainPrivilege::kSubdomain},
                       .status = DelegationStatus::kRequested,
                       .requested_by = admin}));
  auto added = Must(Get(id));
  ASSERT_EQ(added.delegations.size(), 2u);
  ASSERT_NE(added.DelegationTo(acme), nullptr);
  EXPECT_EQ(added.DelegationTo(acme)->status, DelegationStatus::kRequested);
  EXPECT_EQ(added.DelegationTo(acme)->requested_by, admin);

  ASSERT_TRUE(put(id, {.org_id = acme,
                       .cert_types = {CertType::kSsl, CertType::kSmime},
                       .privileges = {DomainPrivilege::kDomain, DomainPrivilege::kWildcard1stLevel},
                       .status = DelegationStatus::kActive}));
  auto replaced = Must(Get(id));
  ASSERT_EQ(replaced.delegations.size(), 2u);
  const auto* to_acme = replaced.DelegationTo(acme);
  ASSERT_NE(to_acme, nullptr);
  EXPECT_EQ(to_acme->cert_types, (std::set{CertType::kSsl, CertType::kSmime}));
  EXPECT_EQ(to_acme->privileges,
            (std::set{DomainPrivilege::kDomain, DomainPrivilege::kWildcard1stLevel}));
  EXPECT_EQ(to_acme->status, DelegationStatus::kActive);
  EXPECT_FALSE(to_acme->requested_by);
  EXPECT_NE(replaced.DelegationTo(globex), nullptr);

  auto no_domain = put(core::DomainId{999}, To(acme));
  ASSERT_FALSE(no_domain);
  EXPECT_EQ(no_domain.error().code(), core::ErrorCode::kNotFound);

  ASSERT_TRUE(remove(acme));
  auto left = Must(Get(id));
  ASSERT_EQ(left.delegations.size(), 1u);
  EXPECT_EQ(left.delegations[0].org_id, globex);
  auto twice = remove(acme);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(twice.error().reason(), core::Reason::kDelegationMissing);
}

TEST_P(DomainStoreTest, AnOrganizationCannotGoWhileADomainIsDelegatedToIt) {
  auto customer = AddCustomer("demo");
  auto acme = AddOrg(customer, "Acme");
  auto id = AddDomain(customer, "example.org", {To(acme, DelegationStatus::kRequested)});
  auto erase = [&] {
    return store().Transact([&](Transaction& tx) { return tx.organizations().Delete(acme); });
  };
  auto refused = erase();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().reason(), core::Reason::kOrgHasDependents);
  EXPECT_NE(refused.error().detail().find("Acme"), std::string::npos);
  EXPECT_NE(refused.error().detail().find("domain"), std::string::npos);

  ASSERT_TRUE(
      store().Transact([&](Transaction& tx) { return tx.domains().RemoveDelegation(id, acme); }));
  EXPECT_TRUE(erase());
}

INSTANTIATE_TEST_SUITE_P(Backends, DomainStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
