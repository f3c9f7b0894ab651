// /api/session/v1: the console signs in with a session cookie (HttpOnly, Secure,
// SameSite=Strict) and sends the CSRF token it gets back on every state-changing call.

#include "api/authentication.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json Describe(const Authed& who) {
  json roles = json::array();
  for (const auto& c : who.principal.credentials) {
    json j{{"role", core::ToString(c.role)}};
    if (c.org_id) j["orgId"] = c.org_id->value;
    roles.push_back(std::move(j));
  }
  json privileges = json::array();
  for (auto p : who.principal.privileges) privileges.push_back(core::ToString(p));
  return {{"id", who.principal.admin_id.value},
          {"login", who.principal.login},
          {"type", core::ToString(who.principal.type)},
          {"credentials", roles},
          {"privileges", privileges},
          {"mustChangePassword", who.must_change_password},
          {"passwordExpired", who.password_expired},
          {"csrfToken", who.csrf_token}};
}

std::string SessionCookie(const std::string& value, bool clear) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; Secure; SameSite=Strict" +
         (clear ? "; Max-Age=0" : "");
}

}  // namespace

Reply OpenSession(service::Authenticator& auth, http::Request& rq) {
  if (auto r = RequireTls(rq); !r) return core::Fail(r.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto customer = OptString(*body, "customerUri");
  auto login = OptString(*body, "login");
  auto password = OptString(*body, "password");
  for (auto* f : {&customer, &login, &password}) {
    if (!*f) return core::Fail(f->error());
  }
  if (!*customer || !*login || !*password) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "customerUri, login and password are required");
  }
  auto opened = auth.OpenSession(**customer, **login, **password, rq.remote_address);
  if (!opened) return core::Fail(opened.error());
  auto response = JsonResponse(200, Describe(opened->admin));
  response.SetHeader("Set-Cookie", SessionCookie(opened->token, false));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Reply GetSession(http::Request&, const Authed& who) {
  auto response = JsonResponse(200, Describe(who));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Reply CloseSession(service::Authenticator& auth, http::Request& rq) {
  if (auto token = CookieValue(rq, kSessionCookie); token && !token->empty()) {
    if (auto r = auth.CloseSession(*token); !r) return core::Fail(r.error());
  }
  http::Response response{204, {}, ""};
  response.SetHeader("Set-Cookie", SessionCookie("", true));
  return response;
}

}  // namespace certkeep::api::internal
