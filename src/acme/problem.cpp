#include "acme/problem.h"

#include <nlohmann/json.hpp>
#include <string>

namespace certkeep::acme {

namespace {

using core::ErrorCode;
using core::Reason;

struct ReasonRow {
  Reason reason;
  Problem problem;
};
// Adding a Reason an ACME client can meet? Give it a row (problem_test walks the groups).
constexpr ReasonRow kByReason[] = {
    // http and JSON
    {Reason::kRouteNotFound, {"malformed", 404}},
    {Reason::kMethodNotAllowed, {"malformed", 405}},
    {Reason::kBodyTooLarge, {"malformed", 413}},
    {Reason::kHeaderTooLarge, {"malformed", 431}},
    {Reason::kBadRequestSyntax, {"malformed", 400}},
    {Reason::kBadJson, {"malformed", 400}},
    {Reason::kMissingField, {"malformed", 400}},
    {Reason::kInvalidField, {"malformed", 400}},
    // JWS and accounts (RFC 8555 §6.2–6.5, §7.3)
    {Reason::kAcmeUnsupportedMediaType, {"malformed", 415}},
    {Reason::kAcmeBadJws, {"malformed", 400}},
    {Reason::kAcmeBadSignature, {"malformed", 400}},
    {Reason::kAcmeBadSignatureAlgorithm, {"badSignatureAlgorithm", 400}},
    {Reason::kAcmeBadPublicKey, {"badPublicKey", 400}},
    {Reason::kBadKey, {"badPublicKey", 400}},
    {Reason::kAcmeBadNonce, {"badNonce", 400}},
    {Reason::kAcmeUrlMismatch, {"unauthorized", 403}},
    {Reason::kAcmeUnknownAccount, {"accountDoesNotExist", 400}},
    // §7.3.6: "a POST or POST-as-GET from a deactivated account ... MUST return an error
    // response with status code 401 (Unauthorized) and type ... unauthorized".
    {Reason::kAcmeAccountNotValid, {"unauthorized", 401}},
    {Reason::kAcmeExternalAccountRequired, {"externalAccountRequired", 403}},
    {Reason::kAcmeExternalAccountInvalid, {"unauthorized", 403}},
    {Reason::kAcmeInvalidContact, {"invalidContact", 400}},
    {Reason::kAcmeUnsupportedContact, {"unsupportedContact", 400}},
    {Reason::kAcmeNotFound, {"malformed", 404}},
    {Reason::kAcmeNotOwner, {"unauthorized", 403}},
    {Reason::kAcmeKeyInUse, {"malformed", 409}},
    // Orders and identifiers (§7.4)
    {Reason::kAcmeUnsupportedIdentifier, {"unsupportedIdentifier", 400}},
    {Reason::kAcmeIdentifierNotAllowed, {"rejectedIdentifier", 400}},
    {Reason::kNameNotDelegated, {"rejectedIdentifier", 400}},
    {Reason::kOutOfScope, {"rejectedIdentifier", 400}},
    {Reason::kDomainInactive, {"rejectedIdentifier", 400}},
    {Reason::kDomainInvalidName, {"rejectedIdentifier", 400}},
    {Reason::kDcvIncomplete, {"unauthorized", 403}},
    {Reason::kAcmeOrderNotReady, {"orderNotReady", 403}},
    {Reason::kAcmeInvalidProfile, {"invalidProfile", 400}},
    {Reason::kSslProfileUnknown, {"invalidProfile", 400}},
    {Reason::kAcmeAlreadyReplaced, {"alreadyReplaced", 409}},
    {Reason::kCaaForbids, {"caa", 403}},
    // The CSR at finalize (§7.4, §11.1)
    {Reason::kAcmeCsrNamesDiffer, {"badCSR", 400}},
    {Reason::kAcmeCsrAccountKey, {"badCSR", 400}},
    {Reason::kCsrUndecodable, {"badCSR", 400}},
    {Reason::kCsrBadSignature, {"badCSR", 400}},
    {Reason::kCsrWeakSignature, {"badCSR", 400}},
    {Reason::kCsrKeyTypeNotAllowed, {"badCSR", 400}},
    {Reason::kCsrKeyTooSmall, {"badCSR", 400}},
    {Reason::kCsrKeyTooLarge, {"badCSR", 400}},
    {Reason::kCsrBadExponent, {"badCSR", 400}},
    {Reason::kCsrNoNames, {"badCSR", 400}},
    {Reason::kCsrTooManyNames, {"badCSR", 400}},
    {Reason::kCsrBadName, {"badCSR", 400}},
    {Reason::kCsrWildcardNotAllowed, {"badCSR", 400}},
    {Reason::kCsrIpNotAllowed, {"badCSR", 400}},
    {Reason::kCsrInternalName, {"badCSR", 400}},
    {Reason::kCsrNotALabel, {"badCSR", 400}},
    {Reason::kCsrEmailNotAllowed, {"badCSR", 400}},
    {Reason::kLintFailed, {"badCSR", 400}},
    // Revocation (§7.6)
    {Reason::kAlreadyRevoked, {"alreadyRevoked", 400}},
    {Reason::kBadRevocationReason, {"badRevocationReason", 400}},
    {Reason::kAcmeRevocationNotAuthorized, {"unauthorized", 403}},
    // Challenges (§8): these appear in a challenge's `error`
    {Reason::kDnsNoRecord, {"dns", 400}},
    {Reason::kDnsFailure, {"dns", 400}},
    {Reason::kFetchForbiddenAddress, {"connection", 400}},
    {Reason::kFetchFailed, {"connection", 400}},
    {Reason::kFetchTimeout, {"connection", 400}},
    {Reason::kFetchTooManyRedirects, {"connection", 400}},
    {Reason::kFetchTooLarge, {"incorrectResponse", 403}},
    {Reason::kDcvContentMismatch, {"incorrectResponse", 403}},
    {Reason::kAcmeIncorrectResponse, {"incorrectResponse", 403}},
    {Reason::kAcmeTlsFailure, {"tls", 400}},
};

struct CodeRow {
  ErrorCode code;
  Problem problem;
};
constexpr CodeRow kByCode[] = {
    {ErrorCode::kNotFound, {"malformed", 404}},
    {ErrorCode::kConflict, {"malformed", 409}},
    {ErrorCode::kUnauthenticated, {"unauthorized", 403}},
    {ErrorCode::kForbidden, {"unauthorized", 403}},
    {ErrorCode::kMalformed, {"malformed", 400}},
    {ErrorCode::kBadCsr, {"badCSR", 400}},
    {ErrorCode::kRejectedIdentifier, {"rejectedIdentifier", 400}},
    {ErrorCode::kDcvIncomplete, {"unauthorized", 403}},
    {ErrorCode::kRateLimited, {"rateLimited", 429}},
    {ErrorCode::kPayloadTooLarge, {"malformed", 413}},
    {ErrorCode::kUnavailable, {"serverInternal", 503}},
    {ErrorCode::kInternal, {"serverInternal", 500}},
};

constexpr std::string_view kPrefix = "urn:ietf:params:acme:error:";

}  // namespace

Problem MapToProblem(const core::Error& error) {
  for (const auto& row : kByReason) {
    if (row.reason == error.reason()) return row.problem;
  }
  for (const auto& row : kByCode) {
    if (row.code == error.code()) return row.problem;
  }
  return {"serverInternal", 500};
}

std::string ProblemType(std::string_view type) {
  return std::string(kPrefix) + std::string(type);
}

http::Response RenderProblem(const core::Error& error) {
  Problem p = MapToProblem(error);
  nlohmann::json body{
      {"type", ProblemType(p.type)}, {"detail", error.detail()}, {"status", p.status}};
  // RFC 8555 §6.2: "The problem document returned with the error MUST include an
  // 'algorithms' field with an array of supported 'alg' values."
  if (p.type == "badSignatureAlgorithm") {
    body["algorithms"] = {"ES256", "ES384", "RS256", "EdDSA"};
  }
  // §6.7.1: "subproblems", each with the identifier it is about.
  if (!error.subproblems().empty()) {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : error.subproblems()) {
      Problem sub = MapToProblem(part.error);
      parts.push_back({{"type", ProblemType(sub.type)},
                       {"detail", part.error.detail()},
                       {"status", sub.status},
                       {"identifier", {{"type", "dns"}, {"value", part.identifier}}}});
    }
    body["subproblems"] = std::move(parts);
  }
  http::Response response;
  response.status = p.status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

}  // namespace certkeep::acme
