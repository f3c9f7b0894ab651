#include "api/error_mapping.h"

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace certkeep::api {

namespace {

using core::ErrorCode;
using core::Reason;

// Reasons with a status or SCM code of their own. Adding a Reason that SCM has a
// code for? Add its row here (scm-api.md §3.6 lists the codes).
struct ReasonRow {
  Reason reason;
  ScmError scm;
};
constexpr ReasonRow kByReason[] = {
    {Reason::kMethodNotAllowed, {405, -1}},
    {Reason::kHeaderTooLarge, {431, -1}},
    {Reason::kBadJson, {400, -1601}},
    {Reason::kBadRequestSyntax, {400, -1601}},
    {Reason::kTlsRequired, {403, -3}},
    // Authentication: every failure to sign in is SCM's 401 "Unknown user" code; the
    // description says what to do (locked, suspended, session expired).
    {Reason::kUnknownUser, {401, -16}},
    {Reason::kAccountLocked, {401, -16}},
    {Reason::kAccountSuspended, {401, -16}},
    {Reason::kSessionInvalid, {401, -16}},
    // SCM's "password change failures" group (§3.6): -976 for a change that is due, -977
    // for an expired password, -7306 for the policy.
    {Reason::kPasswordMustChange, {403, -976}},
    {Reason::kPasswordExpired, {403, -977}},
    {Reason::kPasswordPolicy, {400, -7306}},
    {Reason::kCsrfMismatch, {403, -3}},
    {Reason::kApiOnlyAdmin, {403, -3}},
    {Reason::kWebApiDisabled, {403, -3}},
    // Authorization: -3 "not authorized"; -233/-234/-253 "no privilege to create or modify
    // this admin"; -219 the only MRAO; -221/-222/-223 the shape of a credential list.
    {Reason::kOutOfScope, {403, -3}},
    {Reason::kCertTypeNotHeld, {403, -3}},
    {Reason::kPrivilegeMissing, {403, -3}},
    {Reason::kCannotGrantRole, {403, -233}},
    {Reason::kCannotGrantPrivilege, {403, -234}},
    {Reason::kCannotManageAdmin, {403, -253}},
    {Reason::kLastMrao, {400, -219}},
    {Reason::kRoleWithoutOrg, {400, -221}},
    {Reason::kRolesMixedLevels, {400, -222}},
    {Reason::kOneOrgPerRole, {400, -223}},
    {Reason::kMissingField, {400, -7}},
    {Reason::kInvalidField, {400, -1601}},
    // A name taken is a request refused (scm-api.md §1.6: "400: malformed or rejected"),
    // whose `description` the Python client reads on 400 only (§4.1).
    {Reason::kLoginTaken, {400, -1601}},
    {Reason::kOrgNameTaken, {400, -1601}},
    {Reason::kOrgHasDependents, {409, -1}},
    {Reason::kDomainExists, {400, -700}},
    {Reason::kDomainNotFound, {404, -727}},
    {Reason::kDomainInvalidName, {400, -732}},
    {Reason::kDelegationNotRequested, {400, -705}},
    {Reason::kDelegationMissing, {404, -707}},
    {Reason::kDomainInactive, {400, -715}},
    {Reason::kDcvIncomplete, {400, -107}},  // "DCV incomplete/expired for {0}"
    // Domain control validation: -1603 "error while validating domain", -1608 "DCV is
    // not enabled for this customer".
    {Reason::kDcvNotStarted, {400, -1603}},
    {Reason::kDcvCodeInvalid, {403, -3}},
    {Reason::kDcvNotEnabled, {400, -1608}},
    {Reason::kDcvContentMismatch, {400, -1603}},
    {Reason::kDnsNoRecord, {400, -1603}},
    {Reason::kFetchForbiddenAddress, {400, -1603}},
    {Reason::kFetchFailed, {400, -1603}},
    {Reason::kFetchTimeout, {400, -1603}},
    {Reason::kFetchTooLarge, {400, -1603}},
    {Reason::kFetchTooManyRedirects, {400, -1603}},
    {Reason::kCaaForbids, {400, -1603}},
    // SSL certificates (scm-api.md §3.6, §3.7).
    {Reason::kSslBadTransition, {400, -1112}},  // "cannot approve, state = {0}"
    {Reason::kSslUnknownId, {404, -124}},
    // Not issued yet: 400 with code 0 and the text clients poll on (§3.7).
    {Reason::kSslNotReady, {400, 0}},
    {Reason::kSslRevokedNoDownload, {400, -110}},
    {Reason::kSslUnknownFormat, {400, -126}},
    {Reason::kSslTermInvalid, {400, -36}},
    {Reason::kSslProfileUnknown, {400, -39}},
    {Reason::kSslMissingCustomField, {400, -62}},
    {Reason::kSslNotIssued, {400, -102}},
    {Reason::kAlreadyRevoked, {400, -159}},
    {Reason::kCustomFieldNameTaken, {400, -1601}},
};

// Every error class. Adding an ErrorCode? Add its row here.
struct CodeRow {
  ErrorCode code;
  int scm_code;
};
constexpr CodeRow kByCode[] = {
    {ErrorCode::kNotFound, -1},
    {ErrorCode::kConflict, -1},
    {ErrorCode::kUnauthenticated, -16},  // "Unknown user"
    {ErrorCode::kForbidden, -3},         // "not authorized"
    {ErrorCode::kMalformed, -1601},      // "field has invalid value"
    {ErrorCode::kBadCsr, -10},           // "CSR invalid"
    {ErrorCode::kRejectedIdentifier, -1601},
    {ErrorCode::kDcvIncomplete, -107},  // "DCV incomplete/expired for {0}"
    {ErrorCode::kRateLimited, -1},
    {ErrorCode::kPayloadTooLarge, -1},
    {ErrorCode::kUnavailable, -195},  // "not available, try later"
    {ErrorCode::kInternal, -1},
};

}  // namespace

ScmError MapToScm(const core::Error& error) {
  for (const auto& row : kByReason) {
    if (row.reason == error.reason()) return row.scm;
  }
  int status = http::StatusFor(error);
  for (const auto& row : kByCode) {
    if (row.code == error.code()) return {status, row.scm_code};
  }
  return {500, -1};
}

http::Response RenderScmError(const core::Error& error, const http::Request&) {
  auto scm = MapToScm(error);
  nlohmann::json body{{"code", scm.code}, {"description", error.detail()}};
  auto response = http::Response::Json(
      scm.status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  // RFC 6585 §4: a 429 may say how long to wait.
  if (auto wait = error.retry_after())
    response.SetHeader("Retry-After", std::to_string(wait->count()));
  return response;
}

}  // namespace certkeep::api
