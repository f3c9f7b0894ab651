#include "acme/jwk.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace certkeep::acme {
namespace {

nlohmann::json Fixtures() {
  std::ifstream in(std::filesystem::path(CERTKEEP_FIXTURES_DIR) / "jose" / "jws.json");
  return nlohmann::json::parse(in);
}

// RFC 7638 §3.1: the example RSA key and its thumbprint.
TEST(Thumbprint, MatchesRfc7638Example) {
  nlohmann::json jwk = {
      {"kty", "RSA"},
      {"n",
       "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPeb"
       "WKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQ"
       "MicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcR"
       "wr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"},
      {"e", "AQAB"},
      {"alg", "RS256"},
      {"kid", "2011-04-29"}};
  auto parsed = ParseJwk(jwk);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().detail();
  EXPECT_EQ(parsed->thumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  // Only the required members are kept: alg and kid do not change the key's identity.
  EXPECT_EQ(parsed->members.size(), 3u);
  EXPECT_FALSE(parsed->members.contains("kid"));
}

TEST(ParseJwk, ReadsEveryAcceptedKeyType) {
  for (const auto& f : Fixtures()) {
    auto jwk = ParseJwk(f.at("jwk"));
    ASSERT_TRUE(jwk.has_value()) << f.at("alg") << ": " << jwk.error().detail();
    EXPECT_EQ(jwk->thumbprint.size(), 43u);
  }
}

TEST(ParseJwk, RefusesPrivateAndUnusableKeys) {
  auto ec = Fixtures()[0].at("jwk");
  struct Case {
    const char* name;
    nlohmann::json jwk;
  };
  auto with = [&](const char* k, nlohmann::json v) {
    auto j = ec;
    j[k] = std::move(v);
    return j;
  };
  auto without = [&](const char* k) {
    auto j = ec;
    j.erase(k);
    return j;
  };
  const Case cases[] = {
      {"fail/private-d", with("d", "AAAA")},
      {"fail/symmetric", nlohmann::json{{"kty", "oct"}, {"k", "AAAA"}}},
      {"fail/unknown-kty", with("kty", "DSA")},
      {"fail/no-kty", without("kty")},
      {"fail/no-y", without("y")},
      {"fail/x-not-base64url", with("x", "a+b/")},
      {"fail/x-a-number", with("x", 5)},
      {"fail/not-an-object", nlohmann::json::array()},
  };
  for (const auto& c : cases) {
    auto jwk = ParseJwk(c.jwk);
    ASSERT_FALSE(jwk.has_value()) << c.name;
    EXPECT_EQ(jwk.error().reason(), core::Reason::kAcmeBadPublicKey) << c.name;
  }
}

}  // namespace
}  // namespace certkeep::acme
