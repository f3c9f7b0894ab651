#pragma once
// Every ACME error leaves as application/problem+json (RFC 7807) with an RFC 8555 §6.7
// error type, mapped once, here, from the core error: by reason first, then by class.

#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace certkeep::acme {

/// The ACME error type (without the "urn:ietf:params:acme:error:" prefix) and HTTP status.
struct Problem {
  std::string_view type;
  int status;
};

/// Looks `error` up in the one mapping table.
[[nodiscard]] Problem MapToProblem(const core::Error& error);

/// The full type URN, e.g. "urn:ietf:params:acme:error:badNonce".
[[nodiscard]] std::string ProblemType(std::string_view type);

/// A problem+json response for `error`: type, detail (client-safe text only) and status.
[[nodiscard]] http::Response RenderProblem(const core::Error& error);

}  // namespace certkeep::acme
