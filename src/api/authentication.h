#pragma once
// Who is calling, decided once per request at the edge: a console session cookie (with
// its CSRF token on state-changing calls) or SCM's header login (login, password,
// customerUri; scm-api.md §1.2). The service layer then checks what the caller may do.

#include <functional>

#include "core/result.h"
#include "http/message.h"
#include "http/router.h"
#include "service/authenticator.h"

namespace certkeep::api {

/// The cookie that carries a console session.
inline constexpr std::string_view kSessionCookie = "certkeep_session";

/// A handler that runs for an authenticated admin.
using AuthedHandler =
    std::function<core::Result<http::Response>(http::Request&, const service::AuthenticatedAdmin&)>;

/// Whether a route may be called while the caller's password must be changed.
enum class PasswordGate { kChanged, kPendingAllowed };

/// Refuses a request that came over plain HTTP: the plain listener exists for CRLs and
/// OCSP (RFC 5280 §8); credentials and sessions are taken over TLS only.
[[nodiscard]] core::Result<void> RequireTls(const http::Request& request);

/// Authenticates `request`: a session cookie, else the login headers; Unauthenticated
/// (SCM -16) when neither checks out.
[[nodiscard]] core::Result<service::AuthenticatedAdmin> Authenticate(
    const http::Request& request, service::Authenticator& authenticator);

/// Wraps `handler`: authenticates, enforces the CSRF token for sessions and the forced
/// password change, then calls it.
[[nodiscard]] http::Handler Guarded(service::Authenticator& authenticator, AuthedHandler handler,
                                    PasswordGate gate = PasswordGate::kChanged);

/// The value of cookie `name` in `request`, if sent.
[[nodiscard]] std::optional<std::string> CookieValue(const http::Request& request,
                                                     std::string_view name);

}  // namespace certkeep::api
