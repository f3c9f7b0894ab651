#include "service/acme_accounts.h"

#include <gtest/gtest.h>

#include "core/base64.h"
#include "pki/digest.h"
#include "pki/random.h"
#include "support/tenant_world.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TenantWorld;
using testing::TestStore;

constexpr std::string_view kMacKey = "c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzLi4u";

class AcmeAccountsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    world_ = std::make_unique<TenantWorld>(db_->store());
    directories_ = {{.name = "v2",
                     .url = "https://ca.test/acme/v2/directory",
                     .requires_eab = true,
                     .default_org = {}},
                    {.name = "campus",
                     .url = "https://ca.test/acme/campus/directory",
                     .requires_eab = false,
                     .default_org = world_->d2}};
    nonces_ = std::make_unique<SharedNonceStore>(db_->store());
    accounts_ = std::make_unique<AcmeAccounts>(db_->store(), world_->clock, random_, directories_,
                                               *nonces_, AcmeOptions{});
    auto id = db_->store().Transact([&](store::Transaction& tx) {
      return tx.external_accounts().Insert({.customer_id = world_->a,
                                            .org_id = world_->d1,
                                            .name = "web",
                                            .acme_server = directories_[0].url,
                                            .key_id = "kid-1",
                                            .mac_key = std::string(kMacKey),
                                            .created_at = world_->clock.Now()});
    });
    ASSERT_TRUE(id);
    external_ = *id;
  }

  // A binding as a client computes it: HS256 over "protected.payload" with the macKey.
  ExternalAccountBinding Binding(std::string_view key_id, std::string_view mac_key) {
    std::string input = "eyJhbGciOiJIUzI1NiJ9.eyJrdHkiOiJFQyJ9";
    auto key = core::Base64UrlDecode(mac_key);
    auto mac = pki::Hmac(pki::MacAlgorithm::kHs256,
                         std::span(reinterpret_cast<const std::uint8_t*>(key->data()), key->size()),
                         input);
    return {.key_id = std::string(key_id),
            .alg = pki::MacAlgorithm::kHs256,
            .signing_input = input,
            .signature = std::string(mac->begin(), mac->end())};
  }

  NewAccountRequest Request(std::string thumbprint, std::optional<ExternalAccountBinding> b) {
    return {.directory = "v2",
            .key = {.jwk = "{}", .thumbprint = std::move(thumbprint), .spki_der = ""},
            .contacts = {"mailto:web@example.test"},
            .only_return_existing = false,
            .binding = std::move(b),
            .source = "127.0.0.1"};
  }

  std::unique_ptr<TestStore> db_;
  std::unique_ptr<TenantWorld> world_;
  pki::OpenSslRandom random_;
  std::vector<AcmeDirectoryInfo> directories_;
  std::unique_ptr<NonceStore> nonces_;
  std::unique_ptr<AcmeAccounts> accounts_;
  core::ExternalAccountId external_{};
};

TEST_P(AcmeAccountsTest, ANonceIsGoodOnceAndNotAfterItsLifetime) {
  auto nonce = accounts_->NewNonce();
  ASSERT_TRUE(nonce);
  EXPECT_GE(nonce->size(), 22u);  // 128 bits, base64url
  auto next = accounts_->UseNonce(*nonce, "c");
  ASSERT_TRUE(next);
  EXPECT_NE(*next, *nonce);
  EXPECT_TRUE(accounts_->UseNonce(*next, "c"));  // the next one, recorded with the use
  auto again = accounts_->UseNonce(*nonce, "c");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason(), core::Reason::kAcmeBadNonce);
  auto stale = accounts_->NewNonce();
  world_->clock.Set(world_->clock.Now() + std::chrono::hours(2));
  EXPECT_FALSE(accounts_->UseNonce(*stale, "c"));
  EXPECT_FALSE(accounts_->UseNonce("never-handed-out", "c"));
}

TEST_P(AcmeAccountsTest, TestModeRefusesEveryNthNonceButNeverOneClientTwiceInARow) {
  AcmeAccounts strict(db_->store(), world_->clock, random_, directories_, *nonces_,
                      AcmeOptions{.reject_nonce_every = 10});
  int refused = 0;
  bool last_refused = false;
  for (int i = 0; i < 200; ++i) {
    auto nonce = strict.NewNonce();
    ASSERT_TRUE(nonce);
    bool ok = static_cast<bool>(strict.UseNonce(*nonce, "one-client"));
    EXPECT_FALSE(!ok && last_refused) << "refused twice in a row at " << i;
    last_refused = !ok;
    refused += ok ? 0 : 1;
  }
  EXPECT_GT(refused, 0);
  EXPECT_LE(refused, 20);  // at most 10 %
}

TEST_P(AcmeAccountsTest, RegistersWithAValidBindingInTheBindingsScope) {
  auto r = accounts_->Register(Request("tp-1", Binding("kid-1", kMacKey)));
  ASSERT_TRUE(r) << r.error().detail();
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->account.org_id, world_->d1);
  EXPECT_EQ(r->account.customer_id, world_->a);
  EXPECT_EQ(r->account.external_account_id, external_);
  auto external = db_->store().Read(
      [&](store::Transaction& tx) { return tx.external_accounts().Get(external_); });
  EXPECT_EQ(external->status, core::ExternalAccountStatus::kValid);
  // The same key again: the same account, not a new one (RFC 8555 §7.3.1).
  auto again = accounts_->Register(Request("tp-1", std::nullopt));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->account.id, r->account.id);
}

TEST_P(AcmeAccountsTest, RefusesAMissingUnknownOrWrongBindingAlike) {
  auto none = accounts_->Register(Request("tp-2", std::nullopt));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason(), core::Reason::kAcmeExternalAccountRequired);
  auto wrong_key = accounts_->Register(
      Request("tp-2", Binding("kid-1", "b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMuLi4u")));
  auto unknown_kid = accounts_->Register(Request("tp-2", Binding("kid-9", kMacKey)));
  ASSERT_FALSE(wrong_key);
  ASSERT_FALSE(unknown_kid);
  EXPECT_EQ(wrong_key.error().reason(), core::Reason::kAcmeExternalAccountInvalid);
  EXPECT_EQ(wrong_key.error().detail(), unknown_kid.error().detail());
  auto only_existing = Request("tp-3", std::nullopt);
  only_existing.only_return_existing = true;
  auto r = accounts_->Register(only_existing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kAcmeUnknownAccount);
}

TEST_P(AcmeAccountsTest, ADirectoryWithoutEabActsForItsOwnOrganization) {
  auto request = Request("tp-4", std::nullopt);
  request.directory = "campus";
  auto r = accounts_->Register(request);
  ASSERT_TRUE(r) << r.error().detail();
  EXPECT_EQ(r->account.org_id, world_->d2);
  EXPECT_FALSE(r->account.external_account_id);
  // Another directory does not know the account.
  EXPECT_FALSE(accounts_->Active("v2", r->account.id));
  EXPECT_TRUE(accounts_->Active("campus", r->account.id));
}

TEST_P(AcmeAccountsTest, DeactivationIsFinalAndContactsAreChecked) {
  auto r = accounts_->Register(Request("tp-5", Binding("kid-1", kMacKey)));
  ASSERT_TRUE(r);
  auto bad = accounts_->Update(r->account, std::vector<std::string>{"tel:+358"}, false, "");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason(), core::Reason::kAcmeUnsupportedContact);
  auto hfield = accounts_->Update(r->account, std::vector<std::string>{"mailto:a@b.test?subject=x"},
                                  false, "");
  ASSERT_FALSE(hfield);
  EXPECT_EQ(hfield.error().reason(), core::Reason::kAcmeInvalidContact);
  auto gone = accounts_->Update(r->account, std::nullopt, true, "");
  ASSERT_TRUE(gone);
  auto active = accounts_->Active("v2", r->account.id);
  ASSERT_FALSE(active);
  EXPECT_EQ(active.error().reason(), core::Reason::kAcmeAccountNotValid);
}

TEST_P(AcmeAccountsTest, AKeyChangeToAKeyInUseIsAConflict) {
  auto a = accounts_->Register(Request("tp-6", Binding("kid-1", kMacKey)));
  auto b = accounts_->Register(Request("tp-7", Binding("kid-1", kMacKey)));
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  auto taken = accounts_->ChangeKey(a->account, {.jwk = "{}", .thumbprint = "tp-7"}, "");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().reason(), core::Reason::kAcmeKeyInUse);
  auto moved = accounts_->ChangeKey(a->account, {.jwk = "{}", .thumbprint = "tp-8"}, "");
  ASSERT_TRUE(moved);
  auto found = accounts_->Register(Request("tp-8", std::nullopt));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account.id, a->account.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, AcmeAccountsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
