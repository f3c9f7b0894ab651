// Both nonce stores keep RFC 8555 §6.5's promise — a nonce is good once, until it expires —
// the shared one on SQLite and PostgreSQL, the local one in memory.
#include "service/nonce_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

enum class Kind { kLocal, kSharedSqlite, kSharedPostgres };

std::string KindName(const ::testing::TestParamInfo<Kind>& info) {
  switch (info.param) {
    case Kind::kLocal:
      return "Local";
    case Kind::kSharedSqlite:
      return "SharedSqlite";
    case Kind::kSharedPostgres:
      return "SharedPostgres";
  }
  return "?";
}

class NonceStoreTest : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    if (GetParam() == Kind::kLocal) {
      nonces_ = std::make_unique<LocalNonceStore>(/*max_nonces=*/100);
      return;
    }
    db_ = std::make_unique<TestStore>(GetParam() == Kind::kSharedSqlite ? Backend::kSqlite
                                                                        : Backend::kPostgres);
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    nonces_ = std::make_unique<SharedNonceStore>(db_->store());
  }

  const core::TimePoint now_ = core::FromUnixSeconds(1'800'000'000);
  const core::TimePoint later_ = now_ + std::chrono::hours(1);
  std::unique_ptr<TestStore> db_;
  std::unique_ptr<NonceStore> nonces_;
};

TEST_P(NonceStoreTest, ANonceIsGoodOnceAndItsUseRecordsTheNext) {
  ASSERT_TRUE(nonces_->Issue("n1", later_));
  EXPECT_EQ(nonces_->Exchange("n1", "n2", now_, later_), true);
  EXPECT_EQ(nonces_->Exchange("n1", "n3", now_, later_), false);  // used
  EXPECT_EQ(nonces_->Exchange("n2", "n4", now_, later_), true);   // the next one
  EXPECT_EQ(nonces_->Exchange("n3", "n5", now_, later_), false);  // never recorded
  EXPECT_EQ(nonces_->Exchange("never", "n6", now_, later_), false);
}

TEST_P(NonceStoreTest, AStaleNonceIsRefusedAndPurged) {
  ASSERT_TRUE(nonces_->Issue("old", now_ + std::chrono::seconds(10)));
  ASSERT_TRUE(nonces_->Issue("young", later_));
  auto purged = nonces_->Purge(now_ + std::chrono::seconds(10));
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(nonces_->Exchange("old", "x", now_, later_), false);
  ASSERT_TRUE(nonces_->Issue("soon", now_ + std::chrono::seconds(5)));
  EXPECT_EQ(nonces_->Exchange("soon", "y", now_ + std::chrono::seconds(5), later_), false);
  EXPECT_EQ(nonces_->Exchange("young", "z", now_, later_), true);
}

TEST_P(NonceStoreTest, OfConcurrentUsesOfOneNonceExactlyOneWins) {
  ASSERT_TRUE(nonces_->Issue("contested", later_));
  std::vector<std::thread> threads;
  std::atomic<int> wins = 0;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = nonces_->Exchange("contested", "next-" + std::to_string(i), now_, later_);
      if (r && *r) ++wins;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST(LocalNonceStore, StaysBoundedWhenNoncesAreFetchedAndNeverUsed) {
  LocalNonceStore nonces(/*max_nonces=*/10);
  auto later = core::FromUnixSeconds(1'900'000'000);
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(nonces.Issue("n" + std::to_string(i), later));
  // The set was emptied at 10 and 20: the newest ones are still good, the oldest not.
  EXPECT_EQ(nonces.Exchange("n24", "a", core::FromUnixSeconds(1'800'000'000), later), true);
  EXPECT_EQ(nonces.Exchange("n0", "b", core::FromUnixSeconds(1'800'000'000), later), false);
}

INSTANTIATE_TEST_SUITE_P(Kinds, NonceStoreTest,
                         ::testing::Values(Kind::kLocal, Kind::kSharedSqlite,
                                           Kind::kSharedPostgres),
                         KindName);

}  // namespace
}  // namespace certkeep::service
