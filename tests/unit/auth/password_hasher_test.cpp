#include "auth/password_hasher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "support/fake_random.h"

namespace certkeep::auth {
namespace {

using testing::CountingRandom;

// Small enough that a hash takes about a millisecond.
constexpr Argon2Params kTiny{.t_cost = 1, .m_cost_kib = 1024, .parallelism = 1};

// The reference implementation's own vector (phc-winner-argon2 src/test.c: argon2id,
// t=2, m=256, p=1, password "password", salt "somesalt").
constexpr const char* kReferenceHash =
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
// The same inputs hashed with argon2i (same file): a different algorithm.
constexpr const char* kReferenceArgon2iHash =
    "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8";

PasswordHasher MakeHasher(Argon2Params params = kTiny) {
  CountingRandom random(200);
  auto hasher = PasswordHasher::Create(params, random);
  EXPECT_TRUE(hasher) << hasher.error().internal();
  return *std::move(hasher);
}

TEST(PasswordHasher, HashIsArgon2idEncodedWithTheConfiguredParams) {
  auto hasher = MakeHasher();
  CountingRandom random;
  auto hash = hasher.Hash("correct horse battery staple", random);
  ASSERT_TRUE(hash) << hash.error().internal();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=1024,t=1,p=1$")) << *hash;
  // The salt is the source's first 16 bytes (00..0f, unpadded standard base64).
  EXPECT_NE(hash->find("$AAECAwQFBgcICQoLDA0ODw$"), std::string::npos) << *hash;
  EXPECT_EQ(hash->find('\0'), std::string::npos);
}

TEST(PasswordHasher, EachHashHasItsOwnSalt) {
  auto hasher = MakeHasher();
  CountingRandom random;
  auto first = hasher.Hash("same password here", random);
  auto second = hasher.Hash("same password here", random);
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(hasher.Verify(*first, "same password here"));
  EXPECT_TRUE(hasher.Verify(*second, "same password here"));
}

TEST(PasswordHasher, CreateFailsOnParamsArgon2Refuses) {
  CountingRandom random;
  auto hasher = PasswordHasher::Create({.t_cost = 0, .m_cost_kib = 1024, .parallelism = 1}, random);
  ASSERT_FALSE(hasher);
  EXPECT_EQ(hasher.error().code(), core::ErrorCode::kInternal);
  EXPECT_EQ(hasher.error().reason(), core::Reason::kCryptoFailure);
}

TEST(PasswordHasher, VerifiesOnlyTheRightPasswordOnAWellFormedArgon2idHash) {
  auto hasher = MakeHasher();
  CountingRandom random;
  const std::string password = "Tr0ub4dor&3 but longer";
  auto hash = hasher.Hash(password, random);
  ASSERT_TRUE(hash);
  std::string with_nul = *hash + std::string(1, '\0') + "junk";
  std::string short_tag = hash->substr(0, hash->size() - 4);
  std::string other_tag = *hash;
  char& tag_char = other_tag[other_tag.size() - 10];
  tag_char = tag_char == 'A' ? 'B' : 'A';
  struct Case {
    const char* name;
    std::string encoded;
    std::string password;
    bool verifies;
  };
  const Case cases[] = {
      {"ok/right-password", *hash, password, true},
      {"ok/reference-vector", kReferenceHash, "password", true},
      {"fail/wrong-password", *hash, "Tr0ub4dor&3 but longes", false},
      {"fail/case-differs", *hash, "tr0ub4dor&3 but longer", false},
      {"fail/prefix-of-password", *hash, password.substr(0, 12), false},
      {"fail/password-with-nul-appended", *hash, password + std::string(1, '\0'), false},
      {"fail/empty-password", *hash, "", false},
      {"fail/reference-wrong-password", kReferenceHash, "Password", false},
      {"fail/argon2i-hash", kReferenceArgon2iHash, "password", false},
      {"fail/tag-changed", other_tag, password, false},
      {"fail/tag-truncated", short_tag, password, false},
      {"fail/embedded-nul", with_nul, password, false},
      {"fail/empty-encoded", "", password, false},
      {"fail/not-phc", "hunter2", password, false},
      {"fail/prefix-only", "$argon2id$", password, false},
      {"fail/bad-base64", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$!!!", "password", false},
      {"fail/bad-version",
       "$argon2id$v=99$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
       "password", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(hasher.Verify(c.encoded, c.password), c.verifies);
  }
}

TEST(PasswordHasher, NeedsRehashWhenTheParamsDiffer) {
  auto hasher = MakeHasher();
  CountingRandom random;
  auto current = hasher.Hash("a password to rehash", random);
  auto stronger = MakeHasher({.t_cost = 2, .m_cost_kib = 1024, .parallelism = 1});
  auto wider = MakeHasher({.t_cost = 1, .m_cost_kib = 1024, .parallelism = 2});
  auto bigger = MakeHasher({.t_cost = 1, .m_cost_kib = 2048, .parallelism = 1});
  ASSERT_TRUE(current);
  struct Case {
    const char* name;
    const PasswordHasher* hasher;
    std::string encoded;
    bool needs_rehash;
  };
  const Case cases[] = {
      {"ok/same-params", &hasher, *current, false},
      {"rehash/more-passes", &stronger, *current, true},
      {"rehash/more-lanes", &wider, *current, true},
      {"rehash/more-memory", &bigger, *current, true},
      {"rehash/short-salt", &hasher,
       "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
       true},
      {"rehash/argon2i", &hasher, kReferenceArgon2iHash, true},
      {"rehash/old-version", &hasher,
       "$argon2id$v=16$m=1024,t=1,p=1$AAECAwQFBgcICQoLDA0ODw$nf65EOgLrQMR/"
       "uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
       true},
      {"rehash/malformed", &hasher, "$argon2id$v=19$m=1024,t=1$salt$tag", true},
      {"rehash/empty", &hasher, "", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.hasher->NeedsRehash(c.encoded), c.needs_rehash);
  }
}

// VerifyDummy exists so an unknown login costs what a known one does: compare medians of
// five runs at a realistic memory cost, with a generous band for a busy machine.
TEST(PasswordHasher, VerifyDummyTakesAboutAsLongAsVerify) {
  const Argon2Params params{.t_cost = 1, .m_cost_kib = 8192, .parallelism = 1};
  auto hasher = MakeHasher(params);
  CountingRandom random;
  auto hash = hasher.Hash("the admin's real password", random);
  ASSERT_TRUE(hash);
  auto median = [](auto&& run) {
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
      auto start = std::chrono::steady_clock::now();
      run();
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[2];
  };
  double verify = median([&] { EXPECT_FALSE(hasher.Verify(*hash, "a wrong guess")); });
  double dummy = median([&] { hasher.VerifyDummy("a wrong guess"); });
  EXPECT_GT(dummy, 0.5 * verify) << "verify " << verify << " s, dummy " << dummy << " s";
  EXPECT_LT(dummy, 2.0 * verify) << "verify " << verify << " s, dummy " << dummy << " s";
}

}  // namespace
}  // namespace certkeep::auth
