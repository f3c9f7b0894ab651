#include "auth/credential_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "support/fake_random.h"

namespace certkeep::auth {
namespace {

using namespace std::chrono_literals;
using testing::CountingRandom;

const core::TimePoint kNow = core::FromUnixSeconds(1'780'000'000);
constexpr core::AdminId kAlice{7};
constexpr core::AdminId kBob{8};

class CredentialCacheTest : public ::testing::Test {
 protected:
  CountingRandom random_;
};

TEST_F(CredentialCacheTest, HitsOnlyTheExactHeadersRemembered) {
  CredentialCache cache(random_);
  cache.Remember("acme", "alice", "correct horse 1", kAlice, 3, kNow);
  struct Case {
    const char* name;
    std::string customer_uri, login, password;
    bool hits;
  };
  const Case cases[] = {
      {"hit/same-headers", "acme", "alice", "correct horse 1", true},
      {"miss/wrong-password", "acme", "alice", "correct horse 2", false},
      {"miss/password-case-differs", "acme", "alice", "Correct horse 1", false},
      {"miss/other-login", "acme", "alicia", "correct horse 1", false},
      {"miss/other-customer", "globex", "alice", "correct horse 1", false},
      // Length prefixes keep the fields apart: "acme|alice" is not "acmea|lice".
      {"miss/boundary-moved-into-login", "acm", "ealice", "correct horse 1", false},
      {"miss/boundary-moved-into-password", "acme", "alic", "ecorrect horse 1", false},
      {"miss/empty-password", "acme", "alice", "", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto entry = cache.Lookup(c.customer_uri, c.login, c.password, kNow + 1s);
    ASSERT_EQ(entry.has_value(), c.hits);
    if (entry) {
      EXPECT_EQ(entry->admin_id, kAlice);
      EXPECT_EQ(entry->credential_version, 3);
      EXPECT_EQ(entry->expires_at, kNow + 5min);
    }
  }
}

TEST_F(CredentialCacheTest, ExpiresAfterTheTtl) {
  struct Case {
    const char* name;
    std::chrono::seconds ttl;
    std::chrono::seconds later;
    bool hits;
  };
  const Case cases[] = {
      {"hit/default-ttl-just-before", 5min, 5min - 1s, true},
      {"miss/default-ttl-at-expiry", 5min, 5min, false},
      {"hit/short-ttl-just-before", 30s, 29s, true},
      {"miss/short-ttl-after", 30s, 31s, false},
      {"miss/zero-ttl", 0s, 0s, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CredentialCache cache(random_, {.capacity = 10, .ttl = c.ttl});
    cache.Remember("acme", "alice", "correct horse 1", kAlice, 1, kNow);
    EXPECT_EQ(cache.Lookup("acme", "alice", "correct horse 1", kNow + c.later).has_value(), c.hits);
  }
}

TEST_F(CredentialCacheTest, RememberingAgainReplacesTheEntry) {
  CredentialCache cache(random_);
  cache.Remember("acme", "alice", "correct horse 1", kAlice, 1, kNow);
  cache.Remember("acme", "alice", "correct horse 1", kAlice, 2, kNow + 4min);
  auto entry = cache.Lookup("acme", "alice", "correct horse 1", kNow + 6min);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->credential_version, 2);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(CredentialCacheTest, ForgetDropsEveryEntryOfTheAdminOnly) {
  CredentialCache cache(random_);
  cache.Remember("acme", "alice", "correct horse 1", kAlice, 1, kNow);
  cache.Remember("acme", "alice", "old password 123", kAlice, 1, kNow);
  cache.Remember("acme", "bob", "bobs password 1", kBob, 1, kNow);
  cache.Forget(kAlice);
  EXPECT_FALSE(cache.Lookup("acme", "alice", "correct horse 1", kNow));
  EXPECT_FALSE(cache.Lookup("acme", "alice", "old password 123", kNow));
  EXPECT_TRUE(cache.Lookup("acme", "bob", "bobs password 1", kNow));
  EXPECT_EQ(cache.size(), 1u);
  // The freed places are usable again.
  cache.Remember("acme", "alice", "new password 456", kAlice, 2, kNow);
  EXPECT_TRUE(cache.Lookup("acme", "alice", "new password 456", kNow));
}

TEST_F(CredentialCacheTest, WhenFullDropsTheOldest) {
  CredentialCache cache(random_, {.capacity = 3, .ttl = 5min});
  for (int i = 0; i < 4; ++i) {
    cache.Remember("acme", "user" + std::to_string(i), "password", core::AdminId{i}, 1,
                   kNow + i * 1s);
  }
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Lookup("acme", "user0", "password", kNow + 4s));
  for (int i = 1; i < 4; ++i) {
    EXPECT_TRUE(cache.Lookup("acme", "user" + std::to_string(i), "password", kNow + 4s)) << i;
  }
}

TEST_F(CredentialCacheTest, RememberingAgainMakesAnEntryTheNewest) {
  CredentialCache cache(random_, {.capacity = 2, .ttl = 5min});
  cache.Remember("acme", "alice", "password", kAlice, 1, kNow);
  cache.Remember("acme", "bob", "password", kBob, 1, kNow + 1s);
  cache.Remember("acme", "alice", "password", kAlice, 1, kNow + 2s);
  cache.Remember("acme", "carol", "password", core::AdminId{9}, 1, kNow + 3s);
  EXPECT_TRUE(cache.Lookup("acme", "alice", "password", kNow + 4s));
  EXPECT_FALSE(cache.Lookup("acme", "bob", "password", kNow + 4s));
}

TEST_F(CredentialCacheTest, ExpiredEntriesAreDroppedWhenAnotherIsRemembered) {
  CredentialCache cache(random_, {.capacity = 10, .ttl = 1min});
  cache.Remember("acme", "alice", "password", kAlice, 1, kNow);
  cache.Remember("acme", "bob", "password", kBob, 1, kNow + 10s);
  cache.Remember("acme", "carol", "password", core::AdminId{9}, 1, kNow + 65s);
  EXPECT_EQ(cache.size(), 2u);  // alice's expired at kNow + 60s
}

TEST_F(CredentialCacheTest, ZeroCapacityRemembersNothing) {
  CredentialCache cache(random_, {.capacity = 0, .ttl = 5min});
  cache.Remember("acme", "alice", "password", kAlice, 1, kNow);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.Lookup("acme", "alice", "password", kNow));
}

TEST_F(CredentialCacheTest, ACacheWithAnotherKeyKnowsNothingOfThisOne) {
  CredentialCache first(random_);
  CredentialCache second(random_);
  first.Remember("acme", "alice", "password", kAlice, 1, kNow);
  EXPECT_TRUE(first.Lookup("acme", "alice", "password", kNow));
  EXPECT_FALSE(second.Lookup("acme", "alice", "password", kNow));
}

// Many threads looking up and remembering at once keep the bound and the answers right.
TEST_F(CredentialCacheTest, IsSafeToShareBetweenThreads) {
  CredentialCache cache(random_, {.capacity = 64, .ttl = 5min});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string login = "user" + std::to_string((i * 7 + t) % 100);
        auto id = core::AdminId{(i * 7 + t) % 100};
        if (auto hit = cache.Lookup("acme", login, "password", kNow)) {
          EXPECT_EQ(hit->admin_id, id);
        } else {
          cache.Remember("acme", login, "password", id, 1, kNow);
        }
        if (i % 500 == 0) cache.Forget(id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 64u);
}

}  // namespace
}  // namespace certkeep::auth
