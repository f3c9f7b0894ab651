#include "acme/jws.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "acme/jwk.h"
#include "core/random.h"

namespace certkeep::acme {
namespace {

nlohmann::json Fixtures() {
  std::ifstream in(std::filesystem::path(CERTKEEP_FIXTURES_DIR) / "jose" / "jws.json");
  return nlohmann::json::parse(in);
}

/// The flattened JWS of a fixture (signed by python3-cryptography).
nlohmann::json Flattened(const nlohmann::json& f) {
  std::string input = f.at("signingInput");
  auto dot = input.find('.');
  return {{"protected", input.substr(0, dot)},
          {"payload", input.substr(dot + 1)},
          {"signature", f.at("signature")}};
}

std::string B64u(std::string_view s) {
  return core::Base64Url(std::vector<std::uint8_t>(s.begin(), s.end()));
}

TEST(ParseJws, ReadsAndVerifiesThirdPartyJwsOfEveryAlgorithm) {
  for (const auto& f : Fixtures()) {
    SCOPED_TRACE(f.at("alg").get<std::string>());
    auto jws = ParseJws(Flattened(f).dump());
    ASSERT_TRUE(jws.has_value()) << jws.error().detail();
    EXPECT_EQ(jws->header.url, "https://ca.test/acme/new-account");
    EXPECT_EQ(jws->header.nonce, "fixture");
    ASSERT_TRUE(jws->header.jwk.has_value());
    EXPECT_FALSE(jws->header.kid.has_value());
    auto jwk = ParseJwk(*jws->header.jwk);
    ASSERT_TRUE(jwk.has_value()) << jwk.error().detail();
    EXPECT_TRUE(VerifyJws(*jws, jwk->key));
    auto payload = PayloadObject(*jws);
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ((*payload)["termsOfServiceAgreed"], true);

    // Another payload under the same signature does not verify.
    auto tampered = Flattened(f);
    tampered["payload"] = B64u(R"({"termsOfServiceAgreed":false})");
    auto other = ParseJws(tampered.dump());
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(VerifyJws(*other, jwk->key));
  }
}

TEST(ParseJws, RefusesEveryShapeButTheFlattenedOne) {
  auto good = Flattened(Fixtures()[0]);
  auto header = [&](nlohmann::json h) {
    auto j = good;
    j["protected"] = B64u(h.dump());
    return j.dump();
  };
  nlohmann::json jwk = Fixtures()[0].at("jwk");
  struct Case {
    const char* name;
    std::string body;
    core::Reason reason;
  };
  auto general = good;
  general["signatures"] = nlohmann::json::array();
  auto unprotected = good;
  unprotected["header"] = {{"kid", "x"}};
  auto extra = good;
  extra["extra"] = 1;
  auto no_sig = good;
  no_sig.erase("signature");
  auto padded = good;
  padded["payload"] = good["payload"].get<std::string>() + "=";
  const Case cases[] = {
      {"fail/compact", good["protected"].get<std::string>() + "." + good["payload"].get<std::string>() +
                           "." + good["signature"].get<std::string>(),
       core::Reason::kAcmeBadJws},
      {"fail/general-serialization", general.dump(), core::Reason::kAcmeBadJws},
      {"fail/unprotected-header", unprotected.dump(), core::Reason::kAcmeBadJws},
      {"fail/unknown-member", extra.dump(), core::Reason::kAcmeBadJws},
      {"fail/no-signature", no_sig.dump(), core::Reason::kAcmeBadJws},
      {"fail/padded-payload", padded.dump(), core::Reason::kAcmeBadJws},
      {"fail/jwk-and-kid", header({{"alg", "ES256"}, {"nonce", "n"}, {"url", "u"}, {"jwk", jwk}, {"kid", "k"}}),
       core::Reason::kAcmeBadJws},
      {"fail/neither-jwk-nor-kid", header({{"alg", "ES256"}, {"nonce", "n"}, {"url", "u"}}),
       core::Reason::kAcmeBadJws},
      {"fail/no-url", header({{"alg", "ES256"}, {"nonce", "n"}, {"kid", "k"}}), core::Reason::kAcmeBadJws},
      {"fail/no-nonce", header({{"alg", "ES256"}, {"url", "u"}, {"kid", "k"}}), core::Reason::kAcmeBadNonce},
      {"fail/alg-none", header({{"alg", "none"}, {"nonce", "n"}, {"url", "u"}, {"kid", "k"}}),
       core::Reason::kAcmeBadSignatureAlgorithm},
      {"fail/alg-hs256", header({{"alg", "HS256"}, {"nonce", "n"}, {"url", "u"}, {"kid", "k"}}),
       core::Reason::kAcmeBadSignatureAlgorithm},
      {"fail/crit", header({{"alg", "ES256"}, {"nonce", "n"}, {"url", "u"}, {"kid", "k"}, {"crit", {"b64"}}}),
       core::Reason::kAcmeBadJws},
      {"fail/duplicate-in-header", [&] {
         auto j = good;
         j["protected"] = B64u(R"({"alg":"ES256","nonce":"n","url":"u","kid":"a","kid":"b"})");
         return j.dump();
       }(),
       core::Reason::kAcmeBadJws},
  };
  for (const auto& c : cases) {
    auto jws = ParseJws(c.body);
    ASSERT_FALSE(jws.has_value()) << c.name;
    EXPECT_EQ(jws.error().reason(), c.reason) << c.name << ": " << jws.error().detail();
  }
}

TEST(ParseJws, TheInnerJwsOfAKeyChangeCarriesNoNonce) {
  auto good = Flattened(Fixtures()[0]);
  // The fixture has a nonce: as an inner JWS it is refused, as an outer one accepted.
  EXPECT_FALSE(ParseJwsObject(good, NonceRule::kForbidden).has_value());
  EXPECT_TRUE(ParseJwsObject(good, NonceRule::kRequired).has_value());
}

TEST(PayloadObject, PostAsGetHasNone) {
  auto good = Flattened(Fixtures()[0]);
  good["payload"] = "";
  auto jws = ParseJws(good.dump());
  ASSERT_TRUE(jws.has_value());
  EXPECT_TRUE(jws->payload.empty());
  EXPECT_FALSE(PayloadObject(*jws).has_value());
}

}  // namespace
}  // namespace certkeep::acme
