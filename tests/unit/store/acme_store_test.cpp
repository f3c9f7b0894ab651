// The ACME server's rows (external accounts, accounts, nonces, orders, authorizations,
// challenges), on both back ends.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/acme.h"
#include "core/profile.h"
#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::AcmeStatus;
using testing::At;
using testing::Must;
using testing::StoreFixture;

class AcmeStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (IsSkipped()) return;
    customer_ = AddCustomer("demo");
    org_ = AddOrg(customer_, "Demo Org");
    dept_ = AddOrg(customer_, "Demo Dept", org_);
    other_org_ = AddOrg(customer_, "Other Org");
    // Orders name a stored profile; the first default one does.
    profile_ = Must(store().Transact([](Transaction& tx) {
      return tx.profiles().Insert(core::DefaultProfiles().front(), At(0));
    }));
  }

  template <typename F>
  auto Tx(F&& work) {
    return store().Transact(std::forward<F>(work));
  }

  core::ExternalAccount External(std::string key_id, core::OrgId org, std::string name = "web") {
    return {.customer_id = customer_,
            .org_id = org,
            .name = std::move(name),
            .acme_server = "https://ca.example.test/acme/v2/directory",
            .key_id = std::move(key_id),
            .mac_key = "c2VjcmV0LW1hYy1rZXk",
            .domains = {"example.test"},
            .created_at = At(1000)};
  }
  core::ExternalAccountId InsertExternal(const core::ExternalAccount& a) {
    return Must(Tx([&](Transaction& tx) { return tx.external_accounts().Insert(a); }));
  }

  core::AcmeAccount Account(std::string directory, std::string thumbprint,
                            std::optional<core::ExternalAccountId> external = {}) {
    return {.customer_id = customer_,
            .org_id = org_,
            .external_account_id = external,
            .directory = std::move(directory),
            .jwk = R"({"crv":"P-256","kty":"EC","x":"x","y":"y"})",
            .thumbprint = std::move(thumbprint),
            .contacts = {"mailto:ops@example.test"},
            .created_at = At(2000)};
  }
  core::AcmeAccountId InsertAccount(const core::AcmeAccount& a) {
    return Must(Tx([&](Transaction& tx) { return tx.acme().InsertAccount(a); }));
  }

  core::AcmeOrderId InsertOrder(core::AcmeAccountId account, std::vector<std::string> names) {
    core::AcmeOrder o{.account_id = account,
                      .identifiers = std::move(names),
                      .profile_id = profile_,
                      .expires = At(10'000),
                      .created_at = At(3000)};
    return Must(Tx([&](Transaction& tx) { return tx.acme().InsertOrder(o); }));
  }

  core::CustomerId customer_{};
  core::OrgId org_{}, dept_{}, other_org_{};
  core::ProfileId profile_{};
};

TEST_P(AcmeStoreTest, ExternalAccountsAreStoredFoundChangedAndDeleted) {
  auto id = InsertExternal(External("kid-1", dept_));
  auto taken = Tx([&](Transaction& tx) {
    return tx.external_accounts().Insert(External("kid-1", org_, "again"));
  });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), core::ErrorCode::kConflict);

  auto got = Must(Tx([&](Transaction& tx) { return tx.external_accounts().Get(id); }));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.customer_id, customer_);
  EXPECT_EQ(got.org_id, dept_);
  EXPECT_EQ(got.name, "web");
  EXPECT_EQ(got.acme_server, "https://ca.example.test/acme/v2/directory");
  EXPECT_EQ(got.key_id, "kid-1");
  EXPECT_EQ(got.mac_key, "c2VjcmV0LW1hYy1rZXk");
  EXPECT_EQ(got.status, core::ExternalAccountStatus::kPending);
  EXPECT_EQ(got.cert_validation_type, "DV");
  EXPECT_EQ(got.domains, std::vector<std::string>{"example.test"});
  EXPECT_EQ(got.created_at, At(1000));

  auto by_key =
      Must(Tx([&](Transaction& tx) { return tx.external_accounts().FindByKeyId("kid-1"); }));
  EXPECT_EQ(by_key.id, id);
  auto unknown = Tx([&](Transaction& tx) { return tx.external_accounts().FindByKeyId("kid-x"); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), core::ErrorCode::kNotFound);

  got.name = "web servers";
  got.status = core::ExternalAccountStatus::kValid;
  got.domains = {"example.test", "*.example.test"};
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.external_accounts().Update(got); }));
  auto changed = Must(Tx([&](Transaction& tx) { return tx.external_accounts().Get(id); }));
  EXPECT_EQ(changed.name, "web servers");
  EXPECT_EQ(changed.status, core::ExternalAccountStatus::kValid);
  EXPECT_EQ(changed.domains, (std::vector<std::string>{"example.test", "*.example.test"}));
  EXPECT_EQ(changed.key_id, "kid-1");  // the credentials never change

  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.external_accounts().Delete(id); }));
  auto gone = Tx([&](Transaction& tx) { return tx.external_accounts().Get(id); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  auto again = Tx([&](Transaction& tx) { return tx.external_accounts().Delete(id); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AcmeStoreTest, ExternalAccountsAreListedWithFiltersPagesAndTotal) {
  auto other = AddCustomer("other");
  auto other_org = AddOrg(other, "Elsewhere");
  auto a = InsertExternal(External("k-a", org_, "Alpha web"));
  auto b = InsertExternal(External("k-b", dept_, "Beta web"));
  auto c = InsertExternal(External("k-c", other_org_, "Gamma"));
  auto d = External("k-d", dept_, "Delta 100%");
  d.status = core::ExternalAccountStatus::kValid;
  d.acme_server = "https://ca.example.test/acme/other/directory";
  auto d_id = InsertExternal(d);
  auto foreign = External("k-f", other_org, "Alpha elsewhere");
  foreign.customer_id = other;
  InsertExternal(foreign);

  auto list = [&](ExternalAccountQuery q) {
    q.customer = customer_;
    auto page = Must(Tx([&](Transaction& tx) { return tx.external_accounts().List(q); }));
    std::vector<core::ExternalAccountId> ids;
    for (const auto& x : page.items) ids.push_back(x.id);
    return std::pair{ids, page.total};
  };
  using Ids = std::vector<core::ExternalAccountId>;
  EXPECT_EQ(list({}).first, (Ids{a, b, c, d_id}));
  EXPECT_EQ(list({.within = std::vector{dept_}}).first, (Ids{b, d_id}));
  EXPECT_EQ(list({.within = std::vector<core::OrgId>{}}).first, Ids{});
  EXPECT_EQ(list({.org = org_}).first, Ids{a});
  EXPECT_EQ(list({.org = org_, .with_departments = true}).first, (Ids{a, b, d_id}));
  EXPECT_EQ(list({.org = dept_, .with_departments = true}).first, (Ids{b, d_id}));
  EXPECT_EQ(list({.name = "WEB"}).first, (Ids{a, b}));
  EXPECT_EQ(list({.name = "100%"}).first, Ids{d_id});  // LIKE's wildcards are literal
  EXPECT_EQ(list({.acme_server = d.acme_server}).first, Ids{d_id});
  EXPECT_EQ(list({.status = core::ExternalAccountStatus::kPending}).first, (Ids{a, b, c}));

  auto page = list({.position = 1, .size = 2});
  EXPECT_EQ(page.first, (Ids{b, c}));
  EXPECT_EQ(page.second, 4);
  auto narrowed = list({.org = org_, .with_departments = true, .position = 2, .size = 10});
  EXPECT_EQ(narrowed.first, Ids{d_id});
  EXPECT_EQ(narrowed.second, 3);
}

TEST_P(AcmeStoreTest, AKeyRegistersOncePerDirectory) {
  auto external = InsertExternal(External("kid-1", org_));
  auto first = InsertAccount(Account("v2", "thumb-1", external));
  auto twice =
      Tx([&](Transaction& tx) { return tx.acme().InsertAccount(Account("v2", "thumb-1")); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason(), core::Reason::kAcmeKeyInUse);
  auto elsewhere = InsertAccount(Account("other", "thumb-1"));
  EXPECT_NE(elsewhere, first);

  auto got = Must(Tx([&](Transaction& tx) { return tx.acme().GetAccount(first); }));
  EXPECT_EQ(got.customer_id, customer_);
  EXPECT_EQ(got.org_id, org_);
  EXPECT_EQ(got.external_account_id, external);
  EXPECT_EQ(got.directory, "v2");
  EXPECT_EQ(got.jwk, R"({"crv":"P-256","kty":"EC","x":"x","y":"y"})");
  EXPECT_EQ(got.status, core::AcmeAccountStatus::kValid);
  EXPECT_EQ(got.contacts, std::vector<std::string>{"mailto:ops@example.test"});
  EXPECT_EQ(got.created_at, At(2000));
  auto other = Must(Tx([&](Transaction& tx) { return tx.acme().GetAccount(elsewhere); }));
  EXPECT_FALSE(other.external_account_id.has_value());

  auto found = Must(Tx([&](Transaction& tx) { return tx.acme().FindAccount("other", "thumb-1"); }));
  EXPECT_EQ(found.id, elsewhere);
  auto missing = Tx([&](Transaction& tx) { return tx.acme().FindAccount("v2", "thumb-2"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AcmeStoreTest, AccountsChangeAndAKeyChangeMayNotTakeARegisteredKey) {
  auto external = InsertExternal(External("kid-1", org_));
  auto first = InsertAccount(Account("v2", "thumb-1", external));
  auto second = InsertAccount(Account("v2", "thumb-2", external));
  InsertAccount(Account("v2", "thumb-3"));

  // The refusal leaves the transaction usable (PostgreSQL: not aborted).
  auto r = Tx([&](Transaction& tx) -> core::Result<void> {
    auto a = tx.acme().GetAccount(second);
    if (!a) return core::Fail(a.error());
    a->thumbprint = "thumb-1";
    auto refused = tx.acme().UpdateAccount(*a);
    EXPECT_FALSE(refused);
    if (!refused) {
      EXPECT_EQ(refused.error().reason(), core::Reason::kAcmeKeyInUse);
    }
    a->thumbprint = "thumb-4";
    a->jwk = R"({"kty":"OKP"})";
    a->status = core::AcmeAccountStatus::kDeactivated;
    a->contacts = {"mailto:a@example.test", "mailto:b@example.test"};
    return tx.acme().UpdateAccount(*a);
  });
  ASSERT_TRUE(r) << r.error().detail();
  auto changed = Must(Tx([&](Transaction& tx) { return tx.acme().GetAccount(second); }));
  EXPECT_EQ(changed.thumbprint, "thumb-4");
  EXPECT_EQ(changed.jwk, R"({"kty":"OKP"})");
  EXPECT_EQ(changed.status, core::AcmeAccountStatus::kDeactivated);
  EXPECT_EQ(changed.contacts.size(), 2u);
  // Its own key again is no conflict.
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.acme().UpdateAccount(changed); }));

  auto of = Must(Tx([&](Transaction& tx) { return tx.acme().AccountsOf(external); }));
  ASSERT_EQ(of.size(), 2u);
  EXPECT_EQ(of[0].id, first);
  EXPECT_EQ(of[1].id, second);
  // Deleting the external account leaves its accounts, unbound.
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.external_accounts().Delete(external); }));
  auto unbound = Must(Tx([&](Transaction& tx) { return tx.acme().GetAccount(first); }));
  EXPECT_FALSE(unbound.external_account_id.has_value());
  EXPECT_TRUE(Must(Tx([&](Transaction& tx) { return tx.acme().AccountsOf(external); })).empty());
}

TEST_P(AcmeStoreTest, ANonceIsGoodOnceUntilItExpires) {
  ASSERT_TRUE(Tx([](Transaction& tx) { return tx.acme().InsertNonce("n1", At(100)); }));
  ASSERT_TRUE(Tx([](Transaction& tx) { return tx.acme().InsertNonce("n2", At(100)); }));
  ASSERT_TRUE(Tx([](Transaction& tx) { return tx.acme().InsertNonce("n3", At(300)); }));
  auto consume = [&](const char* nonce, std::int64_t now) {
    return Must(Tx([&](Transaction& tx) { return tx.acme().ConsumeNonce(nonce, At(now)); }));
  };
  EXPECT_TRUE(consume("n1", 99));
  EXPECT_FALSE(consume("n1", 99));   // used up
  EXPECT_FALSE(consume("n2", 100));  // expired
  EXPECT_FALSE(consume("never", 0));
  // n2 (expired) goes; n3 stays; n1 went when used.
  EXPECT_EQ(Must(Tx([](Transaction& tx) { return tx.acme().PurgeNonces(At(200)); })), 1);
  EXPECT_EQ(Must(Tx([](Transaction& tx) { return tx.acme().PurgeNonces(At(200)); })), 0);
  EXPECT_TRUE(consume("n3", 200));
}

TEST_P(AcmeStoreTest, OrdersAreStoredChangedAndPagedByAccount) {
  auto account = InsertAccount(Account("v2", "thumb-1"));
  auto other = InsertAccount(Account("v2", "thumb-2"));
  auto o1 = InsertOrder(account, {"www.example.test", "*.example.test"});
  auto o2 = InsertOrder(other, {"other.example.test"});
  auto o3 = InsertOrder(account, {"a.example.test"});
  auto o4 = InsertOrder(account, {"b.example.test"});

  auto got = Must(Tx([&](Transaction& tx) { return tx.acme().GetOrder(o1); }));
  EXPECT_EQ(got.account_id, account);
  EXPECT_EQ(got.status, AcmeStatus::kPending);
  EXPECT_EQ(got.identifiers, (std::vector<std::string>{"www.example.test", "*.example.test"}));
  EXPECT_EQ(got.profile_id, profile_);
  EXPECT_EQ(got.expires, At(10'000));
  EXPECT_FALSE(got.not_before.has_value());
  EXPECT_FALSE(got.certificate_id.has_value());
  EXPECT_EQ(got.created_at, At(3000));

  auto ids = [&](core::AcmeOrderId after, int limit) {
    auto orders =
        Must(Tx([&](Transaction& tx) { return tx.acme().OrdersOf(account, after, limit); }));
    std::vector<core::AcmeOrderId> out;
    for (const auto& o : orders) out.push_back(o.id);
    return out;
  };
  using Ids = std::vector<core::AcmeOrderId>;
  EXPECT_EQ(ids({}, 2), (Ids{o1, o3}));
  EXPECT_EQ(ids(o3, 2), Ids{o4});
  EXPECT_EQ(ids(o4, 2), Ids{});
  (void)o2;

  // A certificate for the order: the SSL list's row.
  auto ssl = Must(Tx([&](Transaction& tx) {
    return tx.ssl().Insert({.customer_id = customer_,
                            .org_id = org_,
                            .profile_id = profile_,
                            .term_days = 90,
                            .common_name = "www.example.test",
                            .names = {"www.example.test"},
                            .renew_id = "acme-renew-1",
                            .requested_at = At(3000)});
  }));
  EXPECT_FALSE(Must(Tx([&](Transaction& tx) { return tx.acme().OrderOfCertificate(ssl); })));
  got.status = AcmeStatus::kValid;
  got.certificate_id = ssl;
  got.error = R"({"type":"none"})";
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.acme().UpdateOrder(got); }));
  auto changed = Must(Tx([&](Transaction& tx) { return tx.acme().GetOrder(o1); }));
  EXPECT_EQ(changed.status, AcmeStatus::kValid);
  EXPECT_EQ(changed.certificate_id, ssl);
  EXPECT_EQ(changed.error, R"({"type":"none"})");
  auto by_cert = Must(Tx([&](Transaction& tx) { return tx.acme().OrderOfCertificate(ssl); }));
  ASSERT_TRUE(by_cert);
  EXPECT_EQ(by_cert->id, o1);
  auto missing = Tx([&](Transaction& tx) { return tx.acme().GetOrder(core::AcmeOrderId{999}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(AcmeStoreTest, AuthorizationsAndChallengesBelongToTheirOrder) {
  auto account = InsertAccount(Account("v2", "thumb-1"));
  auto order = InsertOrder(account, {"www.example.test", "*.example.test"});
  auto other_order = InsertOrder(account, {"x.example.test"});
  auto add_authz = [&](core::AcmeOrderId o, std::string name, bool wildcard) {
    core::AcmeAuthorization a{.order_id = o,
                              .account_id = account,
                              .identifier = std::move(name),
                              .wildcard = wildcard,
                              .expires = At(5000)};
    return Must(Tx([&](Transaction& tx) { return tx.acme().InsertAuthorization(a); }));
  };
  auto www = add_authz(order, "www.example.test", false);
  auto wild = add_authz(order, "example.test", true);
  add_authz(other_order, "x.example.test", false);

  auto of = Must(Tx([&](Transaction& tx) { return tx.acme().AuthorizationsOf(order); }));
  ASSERT_EQ(of.size(), 2u);
  EXPECT_EQ(of[0].id, www);
  EXPECT_EQ(of[1].id, wild);
  EXPECT_TRUE(of[1].wildcard);
  EXPECT_EQ(of[1].identifier, "example.test");
  EXPECT_EQ(of[1].status, AcmeStatus::kPending);
  EXPECT_EQ(of[1].expires, At(5000));
  of[0].status = AcmeStatus::kValid;
  of[0].expires = At(9000);
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.acme().UpdateAuthorization(of[0]); }));
  auto got = Must(Tx([&](Transaction& tx) { return tx.acme().GetAuthorization(www); }));
  EXPECT_EQ(got.status, AcmeStatus::kValid);
  EXPECT_EQ(got.expires, At(9000));
  EXPECT_EQ(got.order_id, order);
  EXPECT_EQ(got.account_id, account);

  auto add_challenge = [&](core::AcmeAuthorizationId a, core::ChallengeType type,
                           std::string token) {
    core::AcmeChallenge c{.authorization_id = a, .type = type, .token = std::move(token)};
    return Must(Tx([&](Transaction& tx) { return tx.acme().InsertChallenge(c); }));
  };
  auto http = add_challenge(www, core::ChallengeType::kHttp01, "token-http");
  auto dns = add_challenge(www, core::ChallengeType::kDns01, "token-dns");
  add_challenge(wild, core::ChallengeType::kDns01, "token-wild");
  auto challenges = Must(Tx([&](Transaction& tx) { return tx.acme().ChallengesOf(www); }));
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_EQ(challenges[0].id, http);
  EXPECT_EQ(challenges[0].type, core::ChallengeType::kHttp01);
  EXPECT_EQ(challenges[0].token, "token-http");
  EXPECT_EQ(challenges[1].id, dns);
  EXPECT_EQ(challenges[1].status, AcmeStatus::kPending);
  EXPECT_FALSE(challenges[1].validated_at.has_value());

  challenges[1].status = AcmeStatus::kValid;
  challenges[1].validated_at = At(4000);
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.acme().UpdateChallenge(challenges[1]); }));
  auto valid = Must(Tx([&](Transaction& tx) { return tx.acme().GetChallenge(dns); }));
  EXPECT_EQ(valid.status, AcmeStatus::kValid);
  EXPECT_EQ(valid.validated_at, At(4000));
  EXPECT_EQ(valid.authorization_id, www);
  EXPECT_TRUE(valid.error.empty());
  auto failed = Must(Tx([&](Transaction& tx) { return tx.acme().GetChallenge(http); }));
  failed.status = AcmeStatus::kInvalid;
  failed.error = R"({"type":"urn:ietf:params:acme:error:connection"})";
  ASSERT_TRUE(Tx([&](Transaction& tx) { return tx.acme().UpdateChallenge(failed); }));
  EXPECT_EQ(Must(Tx([&](Transaction& tx) { return tx.acme().GetChallenge(http); })).error,
            failed.error);
}

INSTANTIATE_TEST_SUITE_P(Backends, AcmeStoreTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
