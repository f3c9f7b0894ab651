#pragma once
// The SCM error shape: every error under /api and /private/api leaves as
// {"code": <negative int>, "description": "..."} with its HTTP status (scm-api.md §3.6).

#include "core/error.h"
#include "http/message.h"

namespace certkeep::api {

/// The SCM code and HTTP status an error maps to.
struct ScmError {
  int status;
  int code;
};

/// Looks `error` up in the one mapping table (by reason first, then by class).
[[nodiscard]] ScmError MapToScm(const core::Error& error);

/// Renders `error` as an SCM JSON error response.
[[nodiscard]] http::Response RenderScmError(const core::Error& error, const http::Request& request);

}  // namespace certkeep::api
