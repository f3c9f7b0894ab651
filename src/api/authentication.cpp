#include "api/authentication.h"

#include "auth/session_token.h"
#include "store/request_scope.h"

namespace certkeep::api {

namespace {

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

}  // namespace

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto end = rest.find(';');
      auto pair = rest.substr(0, end);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  return std::nullopt;
}

core::Result<void> RequireTls(const http::Request& request) {
  if (request.is_tls) return core::Ok();
  return core::Fail(core::ErrorCode::kForbidden, core::Reason::kTlsRequired,
                    "The REST API is served over HTTPS only");
}

core::Result<service::AuthenticatedAdmin> Authenticate(const http::Request& request,
                                                       service::Authenticator& authenticator) {
  if (auto r = RequireTls(request); !r) return core::Fail(r.error());
  if (auto token = CookieValue(request, kSessionCookie); token && !token->empty()) {
    auto admin = authenticator.ResolveSession(*token, request.remote_address);
    if (!admin) return admin;
    if (!IsSafeMethod(request.method)) {
      auto sent = request.Header("x-csrf-token");
      if (!sent || !auth::ConstantTimeEquals(*sent, admin->csrf_token)) {
        return core::Fail(core::ErrorCode::kForbidden, core::Reason::kCsrfMismatch,
                          "Missing or wrong X-CSRF-Token header for this session");
      }
    }
    return admin;
  }
  auto login = request.Header("login");
  auto password = request.Header("password");
  auto customer = request.Header("customeruri");
  // scm-api.md §1.3: under /private/api the client certificate stands in for the
  // password; only login and customerUri are sent.
  if (request.path.starts_with("/private/")) {
    if (!login || !customer || request.client_cert_serial.empty()) {
      return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kUnknownUser,
                        "Unknown user");
    }
    return authenticator.LoginWithCertificate(std::string(*customer), std::string(*login),
                                              request.client_cert_serial,
                                              request.client_cert_issuer, request.remote_address);
  }
  if (!login || !password || !customer) {
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kUnknownUser,
                      "Unknown user");
  }
  return authenticator.LoginWithPassword(std::string(*customer), std::string(*login),
                                         std::string(*password), request.remote_address);
}

http::Handler Guarded(service::Authenticator& authenticator, AuthedHandler handler,
                      PasswordGate gate) {
  return [&authenticator, handler = std::move(handler),
          gate](http::Request& request) -> core::Result<http::Response> {
    // The login check and the handler's reads share one read of the registry version.
    store::RequestScope scope;
    auto admin = Authenticate(request, authenticator);
    if (!admin) return core::Fail(admin.error());
    if (gate == PasswordGate::kChanged) {
      if (admin->must_change_password) {
        return core::Fail(core::ErrorCode::kForbidden, core::Reason::kPasswordMustChange,
                          "The password must be changed before any other call: POST "
                          "/api/admin/v1/changepassword {\"newPassword\": \"...\"}");
      }
      if (admin->password_expired) {
        return core::Fail(core::ErrorCode::kForbidden, core::Reason::kPasswordExpired,
                          "The password has expired: POST /api/admin/v1/changepassword");
      }
    }
    return handler(request, *admin);
  };
}

}  // namespace certkeep::api
