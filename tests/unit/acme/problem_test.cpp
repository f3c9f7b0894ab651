#include "acme/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/message.h"

namespace certkeep::acme {
namespace {

using core::ErrorCode;
using core::Reason;

TEST(MapToProblem, EveryAcmeCsrAndDcvReasonHasItsOwnRow) {
  // Rows found by class alone would turn e.g. a bad nonce into "malformed", which clients
  // do not retry: every reason an ACME client can meet is named.
  const std::pair<int, int> groups[] = {{320, 334}, {600, 608}, {660, 685}};
  for (auto [first, last] : groups) {
    for (int r = first; r <= last; ++r) {
      core::Error e(ErrorCode::kInternal, static_cast<Reason>(r), "x");
      EXPECT_NE(MapToProblem(e).status, 500) << "reason " << r << " has no row";
    }
  }
}

TEST(MapToProblem, SpellsRfc8555Types) {
  struct Case {
    Reason reason;
    ErrorCode code;
    const char* type;
    int status;
  };
  const Case cases[] = {
      {Reason::kAcmeBadNonce, ErrorCode::kMalformed, "badNonce", 400},
      {Reason::kAcmeExternalAccountRequired, ErrorCode::kForbidden, "externalAccountRequired", 403},
      {Reason::kNameNotDelegated, ErrorCode::kRejectedIdentifier, "rejectedIdentifier", 400},
      {Reason::kAcmeCsrNamesDiffer, ErrorCode::kBadCsr, "badCSR", 400},
      {Reason::kAcmeOrderNotReady, ErrorCode::kForbidden, "orderNotReady", 403},
      {Reason::kAcmeAccountNotValid, ErrorCode::kForbidden, "unauthorized", 401},
      {Reason::kAcmeUnknownAccount, ErrorCode::kNotFound, "accountDoesNotExist", 400},
      {Reason::kAcmeUnsupportedMediaType, ErrorCode::kMalformed, "malformed", 415},
      {Reason::kUnspecified, ErrorCode::kUnavailable, "serverInternal", 503},
      {Reason::kUnspecified, ErrorCode::kRateLimited, "rateLimited", 429},
  };
  for (const auto& c : cases) {
    Problem p = MapToProblem(core::Error(c.code, c.reason, "x"));
    EXPECT_EQ(p.type, c.type) << static_cast<int>(c.reason);
    EXPECT_EQ(p.status, c.status) << static_cast<int>(c.reason);
  }
}

TEST(RenderProblem, WritesProblemJsonWithTheClientSafeDetailOnly) {
  core::Error e(ErrorCode::kMalformed, Reason::kAcmeBadNonce, "the nonce was used before",
                "nonce id 42 in row 7");
  http::Response r = RenderProblem(e);
  EXPECT_EQ(r.status, 400);
  bool has_type = false;
  for (const auto& [k, v] : r.headers)
    has_type |= k == "Content-Type" && v == "application/problem+json";
  EXPECT_TRUE(has_type);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["type"], "urn:ietf:params:acme:error:badNonce");
  EXPECT_EQ(body["detail"], "the nonce was used before");
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(r.body.find("row 7"), std::string::npos);
}

TEST(RenderProblem, ABadAlgorithmListsTheAcceptedOnes) {
  auto response = RenderProblem(
      core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadSignatureAlgorithm, "HS256"));
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:ietf:params:acme:error:badSignatureAlgorithm");
  EXPECT_EQ(body["algorithms"], nlohmann::json({"ES256", "ES384", "RS256", "EdDSA"}));
  auto other = nlohmann::json::parse(
      RenderProblem(core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadNonce, "x"))
          .body);
  EXPECT_FALSE(other.contains("algorithms"));
}

TEST(RenderProblem, ListsEachRefusedIdentifierAsASubproblem) {
  // RFC 8555 §6.7.1: each subproblem says which identifier it is about.
  core::Error part(core::ErrorCode::kRejectedIdentifier, core::Reason::kAcmeIdentifierNotAllowed,
                   "'b.example' is outside this account's scope");
  core::Error bad_name(core::ErrorCode::kMalformed, core::Reason::kInvalidField, "not a name");
  auto response = RenderProblem(
      core::Error(core::ErrorCode::kRejectedIdentifier, core::Reason::kAcmeIdentifierNotAllowed,
                  "2 identifiers are refused")
          .WithSubproblems({{"b.example", part}, {"x_y.example", bad_name}}));
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body["type"], "urn:ietf:params:acme:error:rejectedIdentifier");
  ASSERT_EQ(body["subproblems"].size(), 2u);
  EXPECT_EQ(body["subproblems"][0],
            nlohmann::json({{"type", "urn:ietf:params:acme:error:rejectedIdentifier"},
                            {"detail", "'b.example' is outside this account's scope"},
                            {"status", 400},
                            {"identifier", {{"type", "dns"}, {"value", "b.example"}}}}));
  EXPECT_EQ(body["subproblems"][1]["type"], "urn:ietf:params:acme:error:malformed");
  EXPECT_FALSE(nlohmann::json::parse(RenderProblem(part).body).contains("subproblems"));
}

}  // namespace
}  // namespace certkeep::acme
