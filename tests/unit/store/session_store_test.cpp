// Console sessions, on both back ends.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using testing::At;
using testing::Backend;
using testing::Must;
using testing::StoreFixture;

class SessionStoreTest : public StoreFixture {};

TEST_P(SessionStoreTest, SessionsAreFoundTouchedAndEnded) {
  auto customer = AddCustomer("demo");
  auto alice = AddAdmin({.customer_id = customer, .login = "alice"});
  auto bob = AddAdmin({.customer_id = customer, .login = "bob"});
  auto add = [&](std::string hash, core::AdminId admin, std::int64_t created, std::int64_t seen) {
    ASSERT_TRUE(store().Transact([&](Transaction& tx) {
      return tx.sessions().Insert({.token_hash = hash,
                                   .admin_id = admin,
                                   .csrf_token = "csrf-" + hash,
                                   .credential_version = 3,
                                   .created_at = At(created),
                                   .last_seen_at = At(seen),
                                   .source = "192.0.2.7"});
    }));
  };
  auto find = [&](const std::string& hash) {
    return store().Transact([&](Transaction& tx) { return tx.sessions().Find(hash); });
  };
  add("a1", alice, 1000, 1000);
  add("a2", alice, 1000, 1000);
  add("b1", bob, 1000, 1000);

  auto s = Must(find("a1"));
  EXPECT_EQ(s.token_hash, "a1");
  EXPECT_EQ(s.admin_id, alice);
  EXPECT_EQ(s.csrf_token, "csrf-a1");
  EXPECT_EQ(s.credential_version, 3);
  EXPECT_EQ(core::ToUnixSeconds(s.created_at), 1000);
  EXPECT_EQ(core::ToUnixSeconds(s.last_seen_at), 1000);
  EXPECT_EQ(s.source, "192.0.2.7");

  ASSERT_TRUE(
      store().Transact([](Transaction& tx) { return tx.sessions().Touch("a1", At(1500)); }));
  EXPECT_EQ(core::ToUnixSeconds(Must(find("a1")).last_seen_at), 1500);
  auto touch_missing =
      store().Transact([](Transaction& tx) { return tx.sessions().Touch("zz", At(1500)); });
  ASSERT_FALSE(touch_missing);
  EXPECT_EQ(touch_missing.error().code(), core::ErrorCode::kNotFound);

  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.sessions().Delete("b1"); }));
  EXPECT_EQ(find("b1").error().code(), core::ErrorCode::kNotFound);
  EXPECT_TRUE(store().Transact([](Transaction& tx) { return tx.sessions().Delete("b1"); }));

  ASSERT_TRUE(
      store().Transact([&](Transaction& tx) { return tx.sessions().DeleteForAdmin(alice); }));
  EXPECT_FALSE(find("a1"));
  EXPECT_FALSE(find("a2"));
}

TEST_P(SessionStoreTest, DeleteExpiredEndsIdleAndOldSessionsOnly) {
  auto customer = AddCustomer("demo");
  auto alice = AddAdmin({.customer_id = customer, .login = "alice"});
  struct Row {
    std::string hash;
    std::int64_t created, seen;
  };
  const Row rows[] = {
      {"fresh", 900, 990}, {"idle", 900, 940}, {"old", 700, 995}, {"edge", 800, 950}};
  for (const auto& r : rows) {
    ASSERT_TRUE(store().Transact([&](Transaction& tx) {
      return tx.sessions().Insert({.token_hash = r.hash,
                                   .admin_id = alice,
                                   .created_at = At(r.created),
                                   .last_seen_at = At(r.seen)});
    }));
  }
  // Idle since before 950, or created before 800: "idle" and "old"; "edge" is exactly on both.
  auto removed = Must(store().Transact(
      [](Transaction& tx) { return tx.sessions().DeleteExpired(At(950), At(800)); }));
  EXPECT_EQ(removed, 2);
  for (const auto& r : rows) {
    auto found = store().Transact([&](Transaction& tx) { return tx.sessions().Find(r.hash); });
    EXPECT_EQ(bool(found), r.hash == "fresh" || r.hash == "edge") << r.hash;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
