// /api/session/v1: the console signs in with a session cookie (HttpOnly, Secure,
// SameSite=Strict) and sends the CSRF token it gets back on every state-changing call.
// /api/report/v1/activity: the audit log as SCM's activity report (scm-api.md §2.11).

#include "api/authentication.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "service/activity.h"

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

// Parses an activity filter date: ISO date or RFC 3339 time.
std::optional<core::TimePoint> ParseTime(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &tail, &h, &mi, &s);
  if (n != 3 && n != 7) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(mo),
                                  std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
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

Reply ActivityReport(store::Store& store, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto from_text = OptString(*body, "from");
  auto to_text = OptString(*body, "to");
  if (!from_text) return core::Fail(from_text.error());
  if (!to_text) return core::Fail(to_text.error());
  core::TimePoint from{}, to = core::TimePoint::max();
  if (*from_text) {
    auto t = ParseTime(**from_text);
    if (!t) return core::Fail(InvalidField("from", "an ISO date, e.g. 2026-11-24"));
    from = *t;
  }
  if (*to_text) {
    auto t = ParseTime(**to_text);
    if (!t) return core::Fail(InvalidField("to", "an ISO date, e.g. 2026-11-24"));
    // A bare date names the whole day.
    to = *t + ((*to_text)->size() == 10 ? std::chrono::days(1) : std::chrono::seconds(0));
  }
  auto records = service::ActivityReport(store, who.principal, from, to, 10000);
  if (!records) return core::Fail(records.error());
  json reports = json::array();
  for (const auto& r : *records) {
    reports.push_back({{"id", r.id.value},
                       {"guid", r.hash.substr(0, 32)},
                       {"action", {{"id", r.id.value}, {"actionName", r.action}}},
                       {"admin", {{"login", r.actor}}},
                       {"accessMethod", r.source.empty() ? "CLI" : "REST API"},
                       {"date", core::ToRfc3339(r.at)},
                       {"address", r.source},
                       {"description", r.object_type + " " + r.object_id + " " + r.detail}});
  }
  auto response = JsonResponse(200, {{"statusCode", 0}, {"reports", reports}});
  response.SetHeader("Content-Disposition", "attachment; filename=\"rest_api_activity.json\"");
  return response;
}

}  // namespace certkeep::api::internal
