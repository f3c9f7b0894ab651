#pragma once
// The ACME handlers behind acme/routes.cpp's table, and the response helpers they share.

#include <nlohmann/json.hpp>
#include <string>

#include "acme/routes.h"
#include "core/result.h"
#include "http/message.h"

namespace certkeep::acme::internal {

using Reply = core::Result<http::Response>;

/// A JSON response (RFC 8555 resources are application/json).
[[nodiscard]] http::Response JsonResponse(int status, const nlohmann::json& body);
/// RFC 3339 with seconds, UTC, as RFC 8555 timestamps are.
[[nodiscard]] std::string Timestamp(core::TimePoint t);
/// A payload member of the wrong shape: malformed, saying which.
[[nodiscard]] core::Error BadMember(std::string detail);
/// The path's {id} (or {`name`}): a positive number, else 404 (no resource has another).
[[nodiscard]] core::Result<std::int64_t> PathId(http::Request& rq, const char* name = "id");

// Accounts (account_handlers.cpp).
[[nodiscard]] Reply NewAccount(const AcmeDependencies& deps, http::Request& rq,
                               const std::string& dir);
[[nodiscard]] Reply UpdateAccount(const AcmeDependencies& deps, http::Request& rq,
                                  const std::string& dir);
[[nodiscard]] Reply AccountOrders(const AcmeDependencies& deps, http::Request& rq,
                                  const std::string& dir);
[[nodiscard]] Reply KeyChange(const AcmeDependencies& deps, http::Request& rq,
                              const std::string& dir);

// Orders, authorizations, certificates (order_handlers.cpp).
[[nodiscard]] Reply NewOrder(const AcmeDependencies& deps, http::Request& rq,
                             const std::string& dir);
[[nodiscard]] Reply GetOrder(const AcmeDependencies& deps, http::Request& rq,
                             const std::string& dir);
[[nodiscard]] Reply FinalizeOrder(const AcmeDependencies& deps, http::Request& rq,
                                  const std::string& dir);
[[nodiscard]] Reply GetAuthorization(const AcmeDependencies& deps, http::Request& rq,
                                     const std::string& dir);
[[nodiscard]] Reply RespondChallenge(const AcmeDependencies& deps, http::Request& rq,
                                     const std::string& dir);
[[nodiscard]] Reply RevokeCertificate(const AcmeDependencies& deps, http::Request& rq,
                                      const std::string& dir);
[[nodiscard]] Reply RenewalInfo(const AcmeDependencies& deps, http::Request& rq,
                                const std::string& dir);
[[nodiscard]] Reply GetCertificate(const AcmeDependencies& deps, http::Request& rq,
                                   const std::string& dir);

}  // namespace certkeep::acme::internal
