#include "service/authenticator.h"

#include <gtest/gtest.h>

#include "service/admins.h"
#include "support/tenant_world.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TenantWorld;
using testing::TestStore;

const std::string kPassword(testing::kWorldPassword);

class AuthenticatorTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    world_ = std::make_unique<TenantWorld>(db_->store());
    options_.lockout = {.max_failed_attempts = 3,
                        .first_lock = std::chrono::minutes(5),
                        .max_lock = std::chrono::minutes(20)};
    node1_ = MakeNode();
    node2_ = MakeNode();
  }

  struct Node {
    std::unique_ptr<auth::CredentialCache> cache;
    std::unique_ptr<Authenticator> auth;
  };
  // One certkeep node: its own cache, the shared store.
  Node MakeNode() {
    Node n;
    n.cache = std::make_unique<auth::CredentialCache>(*world_->random);
    n.auth = std::make_unique<Authenticator>(db_->store(), world_->clock, *world_->random,
                                             *world_->hasher, *n.cache, options_);
    return n;
  }
  core::Result<AuthenticatedAdmin> Login(Node& n, const std::string& login,
                                         const std::string& password,
                                         const std::string& customer = "A") {
    return n.auth->LoginWithPassword(customer, login, password, "192.0.2.1");
  }

  std::unique_ptr<TestStore> db_;
  std::unique_ptr<TenantWorld> world_;
  AuthenticationOptions options_;
  Node node1_, node2_;
};

TEST_P(AuthenticatorTest, ANewAdminMustChangeItsPasswordFirst) {
  auto a = Login(node1_, "rao", kPassword);
  ASSERT_TRUE(a) << a.error().detail();
  EXPECT_TRUE(a->must_change_password);
  ASSERT_TRUE(world_->admins->ChangeOwnPassword(a->principal, "a brand new passphrase"));
  EXPECT_FALSE(Login(node1_, "rao", kPassword));
  auto again = Login(node1_, "rao", "a brand new passphrase");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->must_change_password);
}

TEST_P(AuthenticatorTest, UnknownCustomerLoginAndPasswordAllAnswerUnknownUser) {
  for (auto [customer, login, password] :
       {std::tuple{"A", "nobody", kPassword}, std::tuple{"Z", "rao", kPassword},
        std::tuple{"A", "rao", std::string("wrong password here")},
        std::tuple{"B", "rao", kPassword}}) {
    auto r = Login(node1_, login, password, customer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().reason(), core::Reason::kUnknownUser);
    EXPECT_EQ(r.error().detail(), "Unknown user");
  }
}

TEST_P(AuthenticatorTest, RepeatedWrongPasswordsLockAndAnAdminAboveUnlocks) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(Login(node1_, "drao", "wrong password here"));
  auto locked = Login(node1_, "drao", kPassword);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().reason(), core::Reason::kAccountLocked);
  // The lock is recorded in the store: the other node sees it too.
  EXPECT_EQ(Login(node2_, "drao", kPassword).error().reason(), core::Reason::kAccountLocked);
  // A DRAO cannot unlock its RAO; the RAO above it can unlock the DRAO.
  EXPECT_FALSE(world_->admins->Unlock(TenantWorld::As(world_->drao), world_->rao.id));
  ASSERT_TRUE(world_->admins->Unlock(TenantWorld::As(world_->rao), world_->drao.id));
  EXPECT_TRUE(Login(node1_, "drao", kPassword));
}

TEST_P(AuthenticatorTest, ALockLapsesByItself) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(Login(node1_, "drao", "wrong password here"));
  EXPECT_FALSE(Login(node1_, "drao", kPassword));
  world_->clock.Advance(std::chrono::minutes(5));
  EXPECT_TRUE(Login(node1_, "drao", kPassword));
}

TEST_P(AuthenticatorTest, ACachedLoginEndsOnEveryNodeWhenTheAdminChanges) {
  ASSERT_TRUE(Login(node1_, "rao", kPassword));
  ASSERT_TRUE(Login(node1_, "rao", kPassword));  // now served from node 1's cache
  // Node 2 suspends the admin; node 1's next request sees it at once.
  ASSERT_TRUE(
      world_->admins->Update(TenantWorld::As(world_->mrao), world_->rao.id, {.suspended = true}));
  auto r = Login(node1_, "rao", kPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kAccountSuspended);
}

TEST_P(AuthenticatorTest, ACachedLoginEndsWhenThePasswordIsReset) {
  ASSERT_TRUE(Login(node1_, "rao", kPassword));
  ASSERT_TRUE(world_->admins->Update(TenantWorld::As(world_->mrao), world_->rao.id,
                                     {.password = "reset by the mrao 1"}));
  EXPECT_FALSE(Login(node1_, "rao", kPassword));
  auto fresh = Login(node1_, "rao", "reset by the mrao 1");
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->must_change_password);
}

TEST_P(AuthenticatorTest, SessionsExpireWhenIdleOrTooOldAndEndOnChange) {
  auto s = node1_.auth->OpenSession("A", "rao", kPassword, "192.0.2.1");
  ASSERT_TRUE(s) << s.error().detail();
  EXPECT_FALSE(s->admin.csrf_token.empty());
  EXPECT_TRUE(node2_.auth->ResolveSession(s->token, "192.0.2.1"));
  world_->clock.Advance(options_.session_idle + std::chrono::seconds(1));
  EXPECT_EQ(node2_.auth->ResolveSession(s->token, "").error().reason(),
            core::Reason::kSessionInvalid);

  auto t = node1_.auth->OpenSession("A", "rao", kPassword, "192.0.2.1");
  ASSERT_TRUE(t);
  for (int i = 0; i < 30; ++i) {  // kept busy, it still ends at the absolute limit
    world_->clock.Advance(std::chrono::minutes(25));
    if (!node1_.auth->ResolveSession(t->token, "")) break;
  }
  EXPECT_FALSE(node1_.auth->ResolveSession(t->token, ""));

  auto u = node1_.auth->OpenSession("A", "rao", kPassword, "192.0.2.1");
  ASSERT_TRUE(u);
  ASSERT_TRUE(
      world_->admins->Update(TenantWorld::As(world_->mrao), world_->rao.id,
                             {.privileges = core::PrivilegeSet{core::Privilege::kSslRequest}}));
  EXPECT_FALSE(node1_.auth->ResolveSession(u->token, ""));
}

TEST_P(AuthenticatorTest, ApiOnlyAdminsNeverGetAConsoleSession) {
  auto api = world_->AddAdmin(world_->a, "api.user", core::Role::kRaoSsl, world_->o1);
  ASSERT_TRUE(world_->admins->Update(TenantWorld::As(world_->mrao), api.id,
                                     {.type = core::AdminType::kApi}));
  auto s = node1_.auth->OpenSession("A", "api.user", kPassword, "");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().reason(), core::Reason::kApiOnlyAdmin);
  EXPECT_TRUE(Login(node1_, "api.user", kPassword));  // header logins work
}

TEST_P(AuthenticatorTest, TheLastMraoStays) {
  auto mrao = TenantWorld::As(world_->mrao);
  EXPECT_EQ(world_->admins->Update(mrao, world_->mrao.id, {.suspended = true}).error().reason(),
            core::Reason::kLastMrao);
  auto second = world_->AddAdmin(world_->a, "mrao2", core::Role::kMrao, std::nullopt);
  EXPECT_TRUE(world_->admins->Delete(mrao, second.id));
  EXPECT_FALSE(world_->admins->Delete(mrao, world_->mrao.id));
}

TEST_P(AuthenticatorTest, AChangeByAnotherProcessEndsACachedLoginAtOnce) {
  ASSERT_TRUE(Login(node1_, "rao", kPassword));
  ASSERT_TRUE(Login(node1_, "rao", kPassword));  // cached, and its version checked
  // What `certkeep admin ...` on the server, or another node, does: a write that does not
  // pass through this process's store object.
  ASSERT_TRUE(
      db_->ExecRaw("UPDATE admin SET suspended = 1, credential_version = "
                   "credential_version + 1 WHERE id = " +
                   std::to_string(world_->rao.id.value)));
  auto r = Login(node1_, "rao", kPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kAccountSuspended);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthenticatorTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
