#include "pki/jose.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/random.h"

namespace certkeep::pki {
namespace {

std::string B64u(const nlohmann::json& v) {
  auto decoded = core::Base64UrlDecode(v.get<std::string>());
  EXPECT_TRUE(decoded.has_value()) << v;
  return decoded.value_or("");
}

core::Result<PublicKey> KeyOf(const nlohmann::json& jwk) {
  std::string kty = jwk.at("kty");
  if (kty == "EC") return EcPublicKeyFromJwk(jwk.at("crv").get<std::string>(), B64u(jwk.at("x")), B64u(jwk.at("y")));
  if (kty == "RSA") return RsaPublicKeyFromJwk(B64u(jwk.at("n")), B64u(jwk.at("e")));
  return OkpPublicKeyFromJwk(jwk.at("crv").get<std::string>(), B64u(jwk.at("x")));
}

/// Signatures python3-cryptography made (tests/fixtures/jose/make.py).
nlohmann::json Fixtures() {
  std::ifstream in(std::filesystem::path(CERTKEEP_FIXTURES_DIR) / "jose" / "jws.json");
  return nlohmann::json::parse(in);
}

TEST(VerifyJwsSignature, AcceptsThirdPartySignaturesOfEveryAlgorithm) {
  auto fixtures = Fixtures();
  ASSERT_EQ(fixtures.size(), 4u);
  for (const auto& f : fixtures) {
    SCOPED_TRACE(f.at("alg").get<std::string>());
    auto alg = ParseJwsAlgorithm(f.at("alg").get<std::string>());
    ASSERT_TRUE(alg.has_value());
    auto key = KeyOf(f.at("jwk"));
    ASSERT_TRUE(key.has_value()) << key.error().detail();
    std::string input = f.at("signingInput");
    EXPECT_TRUE(VerifyJwsSignature(*key, *alg, input, B64u(f.at("signature"))));
    EXPECT_FALSE(VerifyJwsSignature(*key, *alg, input + "x", B64u(f.at("signature"))));
    for (const auto& [name, bad] : f.at("bad").items()) {
      EXPECT_FALSE(VerifyJwsSignature(*key, *alg, input, B64u(bad))) << name;
    }
  }
}

TEST(VerifyJwsSignature, RefusesAKeyOfAnotherTypeThanTheAlgorithm) {
  auto fixtures = Fixtures();
  auto es256 = KeyOf(fixtures[0].at("jwk"));
  auto es384 = KeyOf(fixtures[1].at("jwk"));
  ASSERT_TRUE(es256 && es384);
  std::string input = fixtures[0].at("signingInput");
  std::string sig = B64u(fixtures[0].at("signature"));
  EXPECT_FALSE(VerifyJwsSignature(*es256, JwsAlgorithm::kEs384, input, sig));
  EXPECT_FALSE(VerifyJwsSignature(*es256, JwsAlgorithm::kRs256, input, sig));
  EXPECT_FALSE(VerifyJwsSignature(*es256, JwsAlgorithm::kEdDsa, input, sig));
  EXPECT_FALSE(VerifyJwsSignature(*es384, JwsAlgorithm::kEs256, input, sig));
}

TEST(ParseJwsAlgorithm, NamesWhatIsAccepted) {
  for (const char* ok : {"ES256", "ES384", "RS256", "EdDSA"}) {
    auto alg = ParseJwsAlgorithm(ok);
    ASSERT_TRUE(alg.has_value()) << ok;
    EXPECT_EQ(ToString(*alg), ok);
  }
  for (const char* bad : {"none", "HS256", "es256", "PS256", "ES512", ""}) {
    auto alg = ParseJwsAlgorithm(bad);
    ASSERT_FALSE(alg.has_value()) << bad;
    EXPECT_EQ(alg.error().reason(), core::Reason::kAcmeBadSignatureAlgorithm);
  }
}

TEST(EcPublicKeyFromJwk, RefusesPointsOffTheCurveAndWrongSizes) {
  auto f = Fixtures()[0].at("jwk");
  std::string x = B64u(f.at("x")), y = B64u(f.at("y"));
  std::string off = y;
  off.back() = static_cast<char>(off.back() ^ 1);
  struct Case {
    const char* name;
    std::string crv, x, y;
  };
  const Case cases[] = {
      {"fail/off-curve", "P-256", x, off},
      {"fail/short-x", "P-256", x.substr(1), y},
      {"fail/p384-sizes-for-p256", "P-384", x, y},
      {"fail/p521", "P-521", x, y},
      {"fail/secp256k1", "secp256k1", x, y},
  };
  for (const auto& c : cases) {
    auto key = EcPublicKeyFromJwk(c.crv, c.x, c.y);
    ASSERT_FALSE(key.has_value()) << c.name;
    EXPECT_EQ(key.error().reason(), core::Reason::kAcmeBadPublicKey) << c.name;
  }
  EXPECT_TRUE(EcPublicKeyFromJwk("P-256", x, y).has_value());
}

TEST(RsaPublicKeyFromJwk, RefusesSmallModuliAndBadExponents) {
  auto f = Fixtures()[2].at("jwk");
  std::string n = B64u(f.at("n")), e = B64u(f.at("e"));
  ASSERT_TRUE(RsaPublicKeyFromJwk(n, e).has_value());
  EXPECT_EQ(RsaPublicKeyFromJwk(n, e)->Bits(), 2048);
  EXPECT_TRUE(RsaPublicKeyFromJwk(std::string(1, '\0') + n, e).has_value());  // leading zero
  const std::pair<const char*, std::pair<std::string, std::string>> bad[] = {
      {"fail/1024-bits", {n.substr(0, 128), e}},
      {"fail/even-exponent", {n, std::string("\x01\x00\x00", 3)}},
      {"fail/exponent-1", {n, "\x01"}},
      {"fail/empty-exponent", {n, ""}},
      {"fail/empty-modulus", {"", e}},
  };
  for (const auto& [name, ne] : bad) {
    auto key = RsaPublicKeyFromJwk(ne.first, ne.second);
    ASSERT_FALSE(key.has_value()) << name;
    EXPECT_EQ(key.error().reason(), core::Reason::kAcmeBadPublicKey) << name;
  }
}

TEST(OkpPublicKeyFromJwk, AcceptsEd25519Only) {
  auto f = Fixtures()[3].at("jwk");
  std::string x = B64u(f.at("x"));
  EXPECT_TRUE(OkpPublicKeyFromJwk("Ed25519", x).has_value());
  EXPECT_FALSE(OkpPublicKeyFromJwk("Ed448", x).has_value());
  EXPECT_FALSE(OkpPublicKeyFromJwk("X25519", x).has_value());
  EXPECT_FALSE(OkpPublicKeyFromJwk("Ed25519", x.substr(1)).has_value());
}

// RFC 4231 §4.3 (test case 2), checked with
// printf '%s' 'what do ya want for nothing?' | openssl dgst -sha384 -mac HMAC -macopt key:Jefe
TEST(Hmac, MatchesRfc4231ForEachAlgorithm) {
  const std::vector<std::uint8_t> key = {'J', 'e', 'f', 'e'};
  const std::string data = "what do ya want for nothing?";
  const std::pair<const char*, const char*> cases[] = {
      {"HS256", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"HS384",
       "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
      {"HS512",
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
  };
  for (const auto& [name, want] : cases) {
    auto alg = ParseMacAlgorithm(name);
    ASSERT_TRUE(alg.has_value()) << name;
    auto mac = Hmac(*alg, key, data);
    ASSERT_TRUE(mac.has_value()) << name;
    EXPECT_EQ(core::Hex(*mac), want) << name;
  }
  EXPECT_FALSE(ParseMacAlgorithm("none").has_value());
  EXPECT_FALSE(ParseMacAlgorithm("RS256").has_value());
}

}  // namespace
}  // namespace certkeep::pki
