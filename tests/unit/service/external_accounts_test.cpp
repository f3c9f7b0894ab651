// SCM's ACME accounts as the use case keeps them: EAB credentials, scope, domains, the
// audit log (never the macKey), on the real SQLite store.
#include "service/external_accounts.h"

#include <gtest/gtest.h>

#include "core/base64.h"
#include "service/domains.h"
#include "support/fake_random.h"
#include "support/tenant_world.h"

namespace certkeep::service {
namespace {

using testing::TenantWorld;

constexpr const char* kV2 = "https://ca.example.test/acme/v2/directory";
constexpr const char* kOpen = "https://ca.example.test/acme/open/directory";

class ExternalAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.ok()); }

  std::vector<AcmeDirectoryInfo> Directories() const {
    return {{.name = "open", .url = kOpen, .requires_eab = false, .default_org = w_.o1},
            {.name = "v2", .url = kV2, .requires_eab = true, .default_org = {}}};
  }
  authz::Principal As(const core::Admin& admin) const { return TenantWorld::As(admin); }
  core::ExternalAccount Create(const core::Admin& by, core::OrgId org, std::string name = "web") {
    auto a = accounts_.Create(As(by), {.name = std::move(name), .acme_server = "", .org_id = org});
    EXPECT_TRUE(a) << a.error().detail();
    return a.value_or(core::ExternalAccount{});
  }
  // A domain delegated (ACTIVE, by the MRAO) to `org` for `type`.
  void Delegate(const std::string& name, core::OrgId org,
                core::CertType type = core::CertType::kSsl) {
    DelegationRequest d{
        .org_id = org,
        .cert_types = {type},
        .privileges = {core::DomainPrivilege::kDomain, core::DomainPrivilege::kSubdomain}};
    auto id = Domains(w_.store, w_.clock).Create(As(w_.mrao), {.name = name, .delegations = {d}});
    ASSERT_TRUE(id) << id.error().detail();
  }
  std::vector<core::AuditRecord> Audit() {
    auto records = w_.store.Read(
        [](store::Transaction& tx) { return tx.audit().List(core::AuditId{}, 1000); });
    EXPECT_TRUE(records);
    return records.value_or(std::vector<core::AuditRecord>{});
  }
  std::vector<core::ExternalAccountId> Listed(const core::Admin& by,
                                              store::ExternalAccountQuery q = {}) {
    auto page = accounts_.List(As(by), q);
    EXPECT_TRUE(page) << page.error().detail();
    std::vector<core::ExternalAccountId> ids;
    if (page) {
      for (const auto& a : page->items) ids.push_back(a.id);
    }
    return ids;
  }

  ::certkeep::testing::TestStore db_{::certkeep::testing::Backend::kSqlite};
  TenantWorld w_{db_.store()};
  const std::vector<AcmeDirectoryInfo> directories_ = Directories();  // outlives accounts_
  ExternalAccounts accounts_{w_.store, w_.clock, *w_.random, directories_};
};

TEST_F(ExternalAccountsTest, CreateHandsOutFreshCredentialsForTheFirstEabDirectory) {
  auto a = Create(w_.mrao, w_.d1);
  EXPECT_EQ(a.customer_id, w_.a);
  EXPECT_EQ(a.org_id, w_.d1);
  EXPECT_EQ(a.name, "web");
  EXPECT_EQ(a.acme_server, kV2);  // the first directory that requires EAB
  EXPECT_EQ(a.status, core::ExternalAccountStatus::kPending);
  EXPECT_EQ(a.cert_validation_type, "DV");
  EXPECT_TRUE(a.domains.empty());
  // 20 and 32 random bytes, base64url without padding.
  ASSERT_TRUE(core::Base64UrlDecode(a.key_id));
  EXPECT_EQ(core::Base64UrlDecode(a.key_id)->size(), 20u);
  ASSERT_TRUE(core::Base64UrlDecode(a.mac_key));
  EXPECT_EQ(core::Base64UrlDecode(a.mac_key)->size(), 32u);
  auto b = Create(w_.mrao, w_.d1);
  EXPECT_NE(a.key_id, b.key_id);
  EXPECT_NE(a.mac_key, b.mac_key);

  auto got = accounts_.Get(As(w_.drao), a.id);
  ASSERT_TRUE(got) << got.error().detail();
  EXPECT_EQ(got->mac_key, a.mac_key);
  EXPECT_EQ(got->key_id, a.key_id);
}

TEST_F(ExternalAccountsTest, CredentialsNeverStartWithADash) {
  // 0xF8 encodes as '-' first in base64url: certbot would read "--eab-kid -..." as an option.
  ::certkeep::testing::CountingRandom dashes(0xF8);
  ExternalAccounts accounts{w_.store, w_.clock, dashes, directories_};
  for (int i = 0; i < 8; ++i) {
    auto a = accounts.Create(As(w_.mrao), {.name = "web", .acme_server = "", .org_id = w_.d1});
    ASSERT_TRUE(a) << a.error().detail();
    EXPECT_NE(a->key_id.front(), '-');
    EXPECT_NE(a->mac_key.front(), '-');
    EXPECT_TRUE(core::Base64UrlDecode(a->mac_key));
  }
}

TEST_F(ExternalAccountsTest, AcmeServerMustBeADirectoryThatRequiresEab) {
  auto create = [&](std::string server) {
    return accounts_.Create(As(w_.mrao), {.name = "web", .acme_server = server, .org_id = w_.o1});
  };
  auto explicit_v2 = create(kV2);
  ASSERT_TRUE(explicit_v2) << explicit_v2.error().detail();
  EXPECT_EQ(explicit_v2->acme_server, kV2);
  for (std::string server : {std::string(kOpen), std::string("https://elsewhere.test/dir")}) {
    auto refused = create(server);
    ASSERT_FALSE(refused) << server;
    EXPECT_EQ(refused.error().code(), core::ErrorCode::kMalformed);
    EXPECT_EQ(refused.error().reason(), core::Reason::kInvalidField);
    EXPECT_NE(refused.error().detail().find(kV2), std::string::npos) << refused.error().detail();
  }
  const std::vector<AcmeDirectoryInfo> open_only{directories_.front()};
  ExternalAccounts without_eab(w_.store, w_.clock, *w_.random, open_only);
  auto none = without_eab.Create(As(w_.mrao), {.name = "web", .org_id = w_.o1});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason(), core::Reason::kInvalidField);
  EXPECT_NE(none.error().detail().find("no ACME directory"), std::string::npos);

  auto listed = accounts_.Directories(As(w_.drao));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().url, kV2);
}

TEST_F(ExternalAccountsTest, TheNameIsRequiredAndAtMost256Characters) {
  for (const std::string& name : {std::string(""), std::string("  \t")}) {
    auto r = accounts_.Create(As(w_.mrao), {.name = name, .org_id = w_.o1});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().reason(), core::Reason::kMissingField);
  }
  auto too_long = accounts_.Create(As(w_.mrao), {.name = std::string(257, 'n'), .org_id = w_.o1});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().reason(), core::Reason::kInvalidField);
  auto a = Create(w_.mrao, w_.o1, " " + std::string(256, 'n') + " ");
  EXPECT_EQ(a.name, std::string(256, 'n'));

  EXPECT_TRUE(accounts_.Rename(As(w_.rao), a.id, "renamed"));
  EXPECT_EQ(accounts_.Get(As(w_.rao), a.id)->name, "renamed");
  auto empty = accounts_.Rename(As(w_.rao), a.id, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().reason(), core::Reason::kMissingField);
}

TEST_F(ExternalAccountsTest, AnOrgOfAnotherCustomerIsAnInvalidOrgId) {
  for (auto org : {w_.p1, w_.q1, core::OrgId{9999}}) {
    auto r = accounts_.Create(As(w_.mrao), {.name = "web", .org_id = org});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), core::ErrorCode::kMalformed);
    EXPECT_EQ(r.error().reason(), core::Reason::kInvalidField);
    EXPECT_NE(r.error().detail().find("of this customer"), std::string::npos);
  }
}

TEST_F(ExternalAccountsTest, EachAdminSeesAndManagesItsScopeOnly) {
  auto in_o1 = Create(w_.mrao, w_.o1).id;
  auto in_d1 = Create(w_.mrao, w_.d1).id;
  auto in_d1b = Create(w_.mrao, w_.d1b).id;
  auto in_o2 = Create(w_.mrao, w_.o2).id;
  auto in_p1 = Create(w_.foreign_mrao, w_.p1).id;
  using Ids = std::vector<core::ExternalAccountId>;
  EXPECT_EQ(Listed(w_.mrao), (Ids{in_o1, in_d1, in_d1b, in_o2}));
  EXPECT_EQ(Listed(w_.rao), (Ids{in_o1, in_d1, in_d1b}));
  EXPECT_EQ(Listed(w_.drao), Ids{in_d1});
  EXPECT_EQ(Listed(w_.mrao, {.org = w_.o1}), Ids{in_o1});
  EXPECT_EQ(Listed(w_.mrao, {.org = w_.o1, .with_departments = true}), (Ids{in_o1, in_d1, in_d1b}));
  // The caller's scope wins over a `within` it brings.
  EXPECT_EQ(Listed(w_.drao, {.within = std::vector{w_.o2}}), Ids{in_d1});

  // An SSL role is needed: an S/MIME RAO of O1 sees nothing there.
  auto smime = w_.AddAdmin(w_.a, "smime", core::Role::kRaoSmime, w_.o1);
  EXPECT_EQ(Listed(smime), Ids{});
  auto hidden = accounts_.Get(As(smime), in_o1);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), core::ErrorCode::kNotFound);

  // Out of scope is not found, for every action; in scope but not allowed is forbidden.
  for (auto id : {in_d1b, in_o1, in_o2, in_p1}) {
    EXPECT_EQ(accounts_.Get(As(w_.drao), id).error().code(), core::ErrorCode::kNotFound);
    EXPECT_EQ(accounts_.Rename(As(w_.drao), id, "x").error().code(), core::ErrorCode::kNotFound);
    EXPECT_EQ(accounts_.Delete(As(w_.drao), id).error().code(), core::ErrorCode::kNotFound);
  }
  auto drao_create = accounts_.Create(As(w_.drao), {.name = "web", .org_id = w_.d1b});
  ASSERT_FALSE(drao_create);
  EXPECT_EQ(drao_create.error().code(), core::ErrorCode::kForbidden);
  auto rao_create = accounts_.Create(As(w_.rao), {.name = "web", .org_id = w_.o2});
  ASSERT_FALSE(rao_create);
  EXPECT_EQ(rao_create.error().code(), core::ErrorCode::kForbidden);
  EXPECT_TRUE(accounts_.Rename(As(w_.drao), in_d1, "mine"));
  EXPECT_TRUE(accounts_.Delete(As(w_.rao), in_d1b));
}

TEST_F(ExternalAccountsTest, OnlyDomainsDelegatedToTheAccountsPlaceAreAdded) {
  Delegate("shop.example.test", w_.d1);
  Delegate("sibling.example.test", w_.d1b);
  Delegate("mail.example.test", w_.d1, core::CertType::kSmime);
  auto a = Create(w_.drao, w_.d1);
  auto added = accounts_.AddDomains(
      As(w_.drao), a.id,
      {"shop.example.test", "www.shop.example.test", "SHOP.example.test", "sibling.example.test",
       "mail.example.test", "other.example.test", "not a name", "shop.example.test"});
  ASSERT_TRUE(added) << added.error().detail();
  // Not validated yet, still added: its clients validate per order.
  EXPECT_EQ(added->names, (std::vector<std::string>{"sibling.example.test", "mail.example.test",
                                                    "other.example.test", "not a name"}));
  auto got = accounts_.Get(As(w_.drao), a.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->domains, (std::vector<std::string>{"shop.example.test", "www.shop.example.test"}));
  // Adding what it has is no change and no refusal.
  auto again = accounts_.AddDomains(As(w_.drao), a.id, {"shop.example.test"});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->names.empty());

  auto removed = accounts_.RemoveDomains(
      As(w_.drao), a.id,
      {"WWW.shop.example.test", "missing.example.test", "www.shop.example.test"});
  ASSERT_TRUE(removed) << removed.error().detail();
  EXPECT_EQ(removed->names, std::vector<std::string>{"missing.example.test"});
  EXPECT_EQ(accounts_.Get(As(w_.drao), a.id)->domains,
            std::vector<std::string>{"shop.example.test"});
}

TEST_F(ExternalAccountsTest, DomainsComeWithTheValidationThatCoversThem) {
  Delegate("shop.example.test", w_.d1);
  auto a = Create(w_.mrao, w_.d1);
  ASSERT_TRUE(
      accounts_.AddDomains(As(w_.mrao), a.id, {"shop.example.test", "www.shop.example.test"}));
  auto validated = w_.store.Transact([&](store::Transaction& tx) {
    return tx.dcv().PutValidation({.proved_name = "www.shop.example.test",
                                   .method = core::DcvMethod::kHttp,
                                   .validated_at = w_.clock.Now(),
                                   .expires_at = w_.clock.Now() + std::chrono::days(30),
                                   .customer_id = w_.a});
  });
  ASSERT_TRUE(validated) << validated.error().detail();
  auto domains = accounts_.DomainsOf(As(w_.drao), a.id);
  ASSERT_TRUE(domains) << domains.error().detail();
  ASSERT_EQ(domains->size(), 2u);
  EXPECT_EQ((*domains)[0].name, "shop.example.test");
  EXPECT_FALSE((*domains)[0].validation);  // an HTTP check proves its own host only
  EXPECT_EQ((*domains)[1].name, "www.shop.example.test");
  ASSERT_TRUE((*domains)[1].validation);
  EXPECT_EQ((*domains)[1].validation->expires_at, w_.clock.Now() + std::chrono::days(30));
}

TEST_F(ExternalAccountsTest, DeleteDeactivatesTheAcmeAccountsRegisteredWithIt) {
  auto a = Create(w_.mrao, w_.d1);
  auto other = Create(w_.mrao, w_.d1);
  auto register_key = [&](const core::ExternalAccount& with, std::string thumbprint) {
    auto id = w_.store.Transact([&](store::Transaction& tx) {
      return tx.acme().InsertAccount({.customer_id = w_.a,
                                      .org_id = with.org_id,
                                      .external_account_id = with.id,
                                      .directory = "v2",
                                      .jwk = "{}",
                                      .thumbprint = std::move(thumbprint),
                                      .contacts = {"mailto:ops@example.test"},
                                      .created_at = w_.clock.Now()});
    });
    EXPECT_TRUE(id) << id.error().detail();
    return id.value_or(core::AcmeAccountId{});
  };
  auto first = register_key(a, "t1");
  auto second = register_key(a, "t2");
  auto kept = register_key(other, "t3");
  auto registered =
      accounts_.Registrations(As(w_.drao), {a.id, other.id, core::ExternalAccountId{999}});
  ASSERT_TRUE(registered) << registered.error().detail();
  EXPECT_EQ(registered->size(), 2u);
  ASSERT_EQ(registered->at(a.id.value).size(), 2u);
  EXPECT_EQ(registered->at(a.id.value).front().id, first);

  ASSERT_TRUE(accounts_.Delete(As(w_.drao), a.id));
  EXPECT_EQ(accounts_.Get(As(w_.mrao), a.id).error().code(), core::ErrorCode::kNotFound);
  auto status = [&](core::AcmeAccountId id) {
    auto acme = w_.store.Read([&](store::Transaction& tx) { return tx.acme().GetAccount(id); });
    EXPECT_TRUE(acme);
    return acme ? acme->status : core::AcmeAccountStatus::kRevoked;
  };
  EXPECT_EQ(status(first), core::AcmeAccountStatus::kDeactivated);
  EXPECT_EQ(status(second), core::AcmeAccountStatus::kDeactivated);
  EXPECT_EQ(status(kept), core::AcmeAccountStatus::kValid);
  EXPECT_EQ(accounts_.Delete(As(w_.drao), a.id).error().code(), core::ErrorCode::kNotFound);
}

TEST_F(ExternalAccountsTest, EveryChangeIsAuditedAndNoneNamesTheMacKey) {
  Delegate("shop.example.test", w_.d1);
  auto a = Create(w_.rao, w_.d1);
  ASSERT_TRUE(accounts_.Rename(As(w_.rao), a.id, "web servers"));
  ASSERT_TRUE(accounts_.AddDomains(As(w_.rao), a.id, {"shop.example.test"}));
  ASSERT_TRUE(accounts_.RemoveDomains(As(w_.rao), a.id, {"shop.example.test"}));
  ASSERT_TRUE(accounts_.Delete(As(w_.rao), a.id));
  std::vector<std::string> actions;
  for (const auto& r : Audit()) {
    EXPECT_EQ(r.detail.find(a.mac_key), std::string::npos) << r.action << ": " << r.detail;
    if (r.object_type != "acmeAccount") continue;
    EXPECT_EQ(r.object_id, std::to_string(a.id.value));
    EXPECT_EQ(r.actor, "rao");
    actions.push_back(r.action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "acmeAccount.create", "acmeAccount.rename", "acmeAccount.domains.add",
                         "acmeAccount.domains.remove", "acmeAccount.delete"}));
  // A call that changes nothing writes nothing.
  auto b = Create(w_.rao, w_.d1);
  auto before = Audit().size();
  ASSERT_TRUE(accounts_.AddDomains(As(w_.rao), b.id, {"other.example.test"}));
  ASSERT_TRUE(accounts_.RemoveDomains(As(w_.rao), b.id, {"other.example.test"}));
  EXPECT_EQ(Audit().size(), before);
}

}  // namespace
}  // namespace certkeep::service
