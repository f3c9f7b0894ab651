#include "auth/session_token.h"

#include <gtest/gtest.h>

#include <string>

#include "support/fake_random.h"

namespace certkeep::auth {
namespace {

using testing::CountingRandom;

TEST(NewSessionToken, DrawsTheTokenAndCsrfTokenFromTheRandomSource) {
  CountingRandom random;
  auto session = NewSessionToken(random);
  ASSERT_TRUE(session) << session.error().internal();
  // Bytes 00..1f, then 20..37, as unpadded base64url.
  EXPECT_EQ(session->token, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  EXPECT_EQ(session->csrf_token, "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3");
  auto hash = HashToken(session->token);
  ASSERT_TRUE(hash);
  EXPECT_EQ(session->token_hash, *hash);
}

TEST(NewSessionToken, GivesADifferentTokenEachTime) {
  CountingRandom random;
  auto first = NewSessionToken(random);
  auto second = NewSessionToken(random);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->token_hash, second->token_hash);
  EXPECT_NE(first->csrf_token, second->csrf_token);
  EXPECT_EQ(first->token.size(), 43u);
  EXPECT_EQ(first->csrf_token.size(), 32u);
}

// Expected values from coreutils: printf '%s' '<token>' | sha256sum
TEST(HashToken, IsHexSha256OfTheTokenText) {
  struct Case {
    const char* name;
    std::string token;
    std::string hash;
  };
  const Case cases[] = {
      {"ok/empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"ok/short", "tok", "1a7674eb4ee78df7e1ac439a93c3fa8e3c945784d4dec9fd8e3011738b2f1d62"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto hash = HashToken(c.token);
    ASSERT_TRUE(hash);
    EXPECT_EQ(*hash, c.hash);
  }
}

TEST(ConstantTimeEquals, IsEqualityOfBytes) {
  struct Case {
    const char* name;
    std::string a, b;
    bool equal;
  };
  const Case cases[] = {
      {"equal/same", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3", true},
      {"equal/empty", "", "", true},
      {"differ/first-byte", "xCEiIyQl", "ICEiIyQl", false},
      {"differ/last-byte", "ICEiIyQl", "ICEiIyQm", false},
      {"differ/case", "abc", "ABC", false},
      {"differ/prefix", "ICEiIyQl", "ICEi", false},
      {"differ/empty-and-not", "", "a", false},
      {"differ/after-nul", std::string("ab\0c", 4), std::string("ab\0d", 4), false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ConstantTimeEquals(c.a, c.b), c.equal);
    EXPECT_EQ(ConstantTimeEquals(c.b, c.a), c.equal);
  }
}

}  // namespace
}  // namespace certkeep::auth
