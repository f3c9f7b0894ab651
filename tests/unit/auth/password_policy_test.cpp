#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "auth/internal/common_passwords.h"

namespace certkeep::auth {
namespace {

constexpr const char* kPrefix = "Password policy violated: ";

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

TEST(CheckPassword, AppliesEachRuleAndNamesTheOneThatFailed) {
  struct Case {
    const char* name;
    std::string password;
    std::string login;
    std::string failure;  ///< empty when the password passes
  };
  const Case cases[] = {
      {"ok/long-passphrase", "correct horse battery staple", "alice", ""},
      {"ok/exactly-12-characters", "v9#Lq2!mZr4x", "alice", ""},
      {"ok/exactly-256-bytes", std::string(255, 'a') + "b", "alice", ""},
      {"ok/12-code-points-in-more-bytes", "žluťoučký ků", "alice", ""},
      {"ok/short-login-inside", "bob-likes-long-walks", "bob", ""},
      {"ok/part-of-login-inside", "smith family vacation", "alice.smith", ""},
      {"ok/common-word-padded-uncommonly", "password-for-certkeep-7", "alice", ""},
      {"ok/two-characters-repeated", "abababababab", "alice", ""},
      {"fail/empty", "", "alice", "must be at least 12 characters long"},
      {"fail/too-short", "v9#Lq2!mZr4", "alice", "must be at least 12 characters long"},
      {"fail/too-short-in-code-points", "žluťoučký", "alice",
       "must be at least 12 characters long"},
      {"fail/too-long", std::string(257, 'a'), "alice", "must be at most 256 bytes long"},
      {"fail/too-long-in-bytes", "ab" + Repeat("ť", 128), "alice",
       "must be at most 256 bytes long"},
      {"fail/invalid-utf8", "abcdefghijk\xff", "alice", "must be valid UTF-8 text"},
      {"fail/overlong-utf8", "abcdefghijk\xc0\xaf", "alice", "must be valid UTF-8 text"},
      {"fail/truncated-utf8", "abcdefghijkl\xc5", "alice", "must be valid UTF-8 text"},
      {"fail/surrogate-utf8", "abcdefghijkl\xed\xa0\x80", "alice", "must be valid UTF-8 text"},
      {"fail/equals-login", "alice.smith.admin", "alice.smith.admin", "must not be the login"},
      {"fail/equals-login-ignoring-case", "Alice.Smith.Admin", "alice.smith.ADMIN",
       "must not be the login"},
      {"fail/contains-login", "my name is alice, hello", "alice", "must not contain the login"},
      {"fail/contains-login-ignoring-case", "my name is ALICE, hello", "Alice",
       "must not contain the login"},
      {"fail/contains-4-character-login", "xx-dave-xx-yy", "dave", "must not contain the login"},
      {"fail/single-repeated-character", "aaaaaaaaaaaa", "alice",
       "must not be one character repeated"},
      {"fail/single-repeated-multibyte", "ťťťťťťťťťťťťťť", "alice",
       "must not be one character repeated"},
      {"fail/common", "password1234", "alice", "must not be a commonly used password"},
      {"fail/common-numbers", "123456789012", "alice", "must not be a commonly used password"},
      {"fail/common-keyboard-walk", "qwertyuiop12", "alice",
       "must not be a commonly used password"},
      {"fail/common-ignoring-case", "ILoveYou1234", "alice",
       "must not be a commonly used password"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = CheckPassword(c.password, c.login);
    if (c.failure.empty()) {
      EXPECT_TRUE(result) << result.error().detail();
      continue;
    }
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code(), core::ErrorCode::kMalformed);
    EXPECT_EQ(result.error().reason(), core::Reason::kPasswordPolicy);
    EXPECT_EQ(result.error().detail(), kPrefix + c.failure);
  }
}

TEST(CheckPassword, NeverEchoesThePassword) {
  auto result = CheckPassword("my name is alice, hello", "alice");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().detail().find("hello"), std::string::npos);
  EXPECT_EQ(result.error().internal().find("hello"), std::string::npos);
}

TEST(CheckPassword, RefusesEveryCommonPassword) {
  for (std::string_view common : internal::CommonPasswords()) {
    SCOPED_TRACE(std::string(common));
    auto result = CheckPassword(common, "alice");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().detail(),
              std::string(kPrefix) + "must not be a commonly used password");
  }
}

// The lookup is a binary search, and shorter entries could never be reached.
TEST(CommonPasswords, AreSortedUniqueLowerCaseAndLongEnough) {
  auto list = internal::CommonPasswords();
  EXPECT_GE(list.size(), 200u);
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  EXPECT_EQ(std::adjacent_find(list.begin(), list.end()), list.end());
  for (std::string_view p : list) {
    SCOPED_TRACE(std::string(p));
    EXPECT_GE(p.size(), kMinPasswordChars);
    EXPECT_TRUE(std::none_of(p.begin(), p.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
  }
}

}  // namespace
}  // namespace certkeep::auth
