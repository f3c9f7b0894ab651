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
  return http::Response::Json(scm.status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace certkeep::api
