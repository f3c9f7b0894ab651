// /api/admin/v1: SCM's administrators (scm-api.md §2.6).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "authz/authz.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json Brief(const core::Admin& a) {
  return {{"id", a.id.value}, {"type", core::ToString(a.type)}, {"login", a.login},
          {"email", a.email}, {"forename", a.forename},         {"surname", a.surname}};
}

json CredentialsJson(const std::vector<core::Credential>& credentials) {
  json out = json::array();
  for (const auto& c : credentials) {
    json j{{"role", core::ToString(c.role)}};
    if (c.org_id) j["orgId"] = c.org_id->value;
    out.push_back(std::move(j));
  }
  return out;
}

json Details(const core::Admin& a, core::TimePoint now, const DateWriter& date) {
  json j = Brief(a);
  json privileges = json::array();
  for (auto p : a.privileges) privileges.push_back(core::ToString(p));
  j.update({{"title", a.contact.title},
            {"telephone", a.contact.telephone},
            {"street", a.contact.street},
            {"locality", a.contact.locality},
            {"state", a.contact.state},
            {"postalCode", a.contact.postal_code},
            {"country", a.contact.country},
            {"credentials", CredentialsJson(a.credentials)},
            {"privileges", privileges},
            {"activeStatus", a.suspended ? "SUSPENDED" : "ACTIVE"},
            {"status", "ACTIVE"},
            {"passwordState", service::PasswordStateOf(a, now)},
            {"passwordExpiryDate",
             a.password.expires_at ? json(date(*a.password.expires_at)) : json(nullptr)},
            {"lastPasswordChange",
             a.password.hash.empty() ? json(nullptr) : json(date(a.password.changed_at))},
            {"mustChangePassword", a.password.must_change},
            {"identityProviderId", a.identity_provider_id},
            {"idpPersonId", a.idp_person_id},
            {"created", core::ToRfc3339(a.created_at)},
            {"modified", core::ToRfc3339(a.modified_at)},
            {"failedAttempts", a.password.failed_attempts},
            {"locked", core::IsLocked(a.password, now)}});
  j["authCert"] = a.auth_cert_serial.empty()
                      ? json(nullptr)
                      : json{{"serialNumber", a.auth_cert_serial}, {"issuer", a.auth_cert_issuer}};
  if (a.password.locked_until && core::IsLocked(a.password, now)) {
    j["lockedUntil"] = core::ToRfc3339(*a.password.locked_until);
  }
  return j;
}

core::Result<std::vector<core::Credential>> CredentialsFrom(const json& value) {
  if (!value.is_array()) return core::Fail(InvalidField("credentials", "must be a list"));
  std::vector<core::Credential> out;
  for (const auto& item : value) {
    if (!item.is_object()) {
      return core::Fail(InvalidField("credentials", "each entry is {\"role\", \"orgId\"}"));
    }
    auto role_name = OptString(item, "role");
    if (!role_name) return core::Fail(role_name.error());
    auto role = *role_name ? core::ParseRole(**role_name) : std::nullopt;
    if (!role) {
      return core::Fail(
          InvalidField("credentials.role", "'" + role_name->value_or("") + "' is not a role"));
    }
    auto org = OptInt(item, "orgId");
    if (!org) return core::Fail(org.error());
    core::Credential c{*role, std::nullopt};
    if (*org && **org > 0) c.org_id = core::OrgId{**org};
    out.push_back(c);
  }
  return out;
}

core::Result<core::PrivilegeSet> PrivilegesFrom(const json& value) {
  if (!value.is_array()) return core::Fail(InvalidField("privileges", "must be a list"));
  core::PrivilegeSet out;
  for (const auto& item : value) {
    auto p = item.is_string() ? core::ParsePrivilege(item.get<std::string>()) : std::nullopt;
    if (!p) {
      return core::Fail(InvalidField("privileges", item.dump() + " is not a privilege"));
    }
    out.insert(*p);
  }
  return out;
}

core::Result<service::AdminPatch> PatchFrom(const json& body) {
  service::AdminPatch p;
  struct Field {
    const char* name;
    std::optional<std::string> service::AdminPatch::*member;
  };
  static constexpr Field kFields[] = {
      {"login", &service::AdminPatch::login},
      {"email", &service::AdminPatch::email},
      {"forename", &service::AdminPatch::forename},
      {"surname", &service::AdminPatch::surname},
      {"title", &service::AdminPatch::title},
      {"telephone", &service::AdminPatch::telephone},
      {"street", &service::AdminPatch::street},
      {"locality", &service::AdminPatch::locality},
      {"state", &service::AdminPatch::state},
      {"postalCode", &service::AdminPatch::postal_code},
      {"country", &service::AdminPatch::country},
      {"identityProviderId", &service::AdminPatch::identity_provider_id},
      {"idpPersonId", &service::AdminPatch::idp_person_id},
      {"certificateSerialNumber", &service::AdminPatch::auth_cert_serial},
      {"certificateIssuer", &service::AdminPatch::auth_cert_issuer},
      {"password", &service::AdminPatch::password},
  };
  for (const auto& f : kFields) {
    auto v = OptString(body, f.name);
    if (!v) return core::Fail(v.error());
    if (*v) p.*f.member = std::move(*v);
  }
  if (auto type = OptString(body, "type"); !type) {
    return core::Fail(type.error());
  } else if (*type) {
    p.type = core::ParseAdminType(**type);
    if (!p.type) return core::Fail(InvalidField("type", "one of STANDARD, API, IDP"));
  }
  if (auto status = OptString(body, "activeStatus"); !status) {
    return core::Fail(status.error());
  } else if (*status) {
    if (**status != "ACTIVE" && **status != "SUSPENDED") {
      return core::Fail(InvalidField("activeStatus", "ACTIVE or SUSPENDED"));
    }
    p.suspended = **status == "SUSPENDED";
  }
  if (auto it = body.find("credentials"); it != body.end() && !it->is_null()) {
    auto c = CredentialsFrom(*it);
    if (!c) return core::Fail(c.error());
    p.credentials = std::move(*c);
  }
  if (auto it = body.find("privileges"); it != body.end() && !it->is_null()) {
    auto v = PrivilegesFrom(*it);
    if (!v) return core::Fail(v.error());
    p.privileges = std::move(*v);
  }
  return p;
}

core::Result<core::AdminId> AdminIdOf(http::Request& rq) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  return core::AdminId{*id};
}

}  // namespace

Reply ListAdmins(service::Admins& admins, http::Request& rq, const Authed& who) {
  store::AdminQuery q;
  auto size = QueryInt(rq, "size", 200);
  auto position = QueryInt(rq, "position", 0);
  if (!size || !position) return core::Fail(!size ? size.error() : position.error());
  q.size = *size;
  q.position = *position;
  if (auto v = rq.QueryParam("login"); v && !v->empty()) q.login = *v;
  if (auto v = rq.QueryParam("email"); v && !v->empty()) q.email = *v;
  if (auto v = rq.QueryParam("identityProviderId"); v && !v->empty()) q.identity_provider_id = *v;
  if (auto v = rq.QueryParam("type"); v && !v->empty()) {
    q.type = core::ParseAdminType(*v);
    if (!q.type) return core::Fail(InvalidField("type", "one of STANDARD, API, IDP"));
  }
  if (auto v = rq.QueryParam("activeState"); v && !v->empty()) {
    if (*v != "ACTIVE" && *v != "SUSPENDED") {
      return core::Fail(InvalidField("activeState", "ACTIVE or SUSPENDED"));
    }
    q.suspended = *v == "SUSPENDED";
  }
  if (auto v = rq.QueryParam("role"); v && !v->empty()) {
    q.role = core::ParseRole(*v);
    if (!q.role) return core::Fail(InvalidField("role", "'" + *v + "' is not a role"));
  }
  auto org = QueryInt(rq, "orgId", 0);
  if (!org) return core::Fail(org.error());
  if (*org > 0) q.org_id = core::OrgId{*org};
  auto page = admins.List(who.principal, q);
  if (!page) return core::Fail(page.error());
  json out = json::array();
  for (const auto& a : page->admins) out.push_back(Brief(a));
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(page->total));
  return response;
}

Reply GetAdmin(service::Admins& admins, const core::Clock& clock, http::Request& rq,
               const Authed& who) {
  auto id = AdminIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto date = DateWriter::Of(rq, kIsoDatePattern);
  if (!date) return core::Fail(date.error());
  auto admin = admins.Get(who.principal, *id);
  if (!admin) return core::Fail(admin.error());
  return JsonResponse(200, Details(*admin, clock.Now(), *date));
}

Reply CreateAdmin(service::Admins& admins, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  if (!patch->type) patch->type = core::AdminType::kStandard;
  auto id = admins.Create(who.principal, *patch);
  if (!id) return core::Fail(id.error());
  return Created(rq, "/api/admin/v1", id->value);
}

Reply UpdateAdmin(service::Admins& admins, http::Request& rq, const Authed& who) {
  auto id = AdminIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  if (auto r = admins.Update(who.principal, *id, *patch); !r) return core::Fail(r.error());
  return http::Response{200, {}, ""};
}

Reply DeleteAdmin(service::Admins& admins, http::Request& rq, const Authed& who) {
  auto id = AdminIdOf(rq);
  if (!id) return core::Fail(id.error());
  if (auto r = admins.Delete(who.principal, *id); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply UnlockAdmin(service::Admins& admins, http::Request& rq, const Authed& who) {
  auto id = AdminIdOf(rq);
  if (!id) return core::Fail(id.error());
  if (auto r = admins.Unlock(who.principal, *id); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply ListRoles(http::Request&, const Authed&) {
  static const std::string body = [] {
    json out = json::array();
    for (auto r : core::AllRoles()) out.push_back(core::ToString(r));
    return out.dump();
  }();
  return http::Response::Json(200, body);
}

Reply ListPrivileges(http::Request& rq, const Authed&) {
  // ?role=X&role=Y: the privileges an admin with those roles can hold.
  std::vector<core::Credential> roles;
  std::string_view query = rq.query;
  while (!query.empty()) {
    auto end = query.find('&');
    auto pair = query.substr(0, end);
    if (pair.starts_with("role=")) {
      auto name = http::PercentDecode(pair.substr(5)).value_or("");
      auto role = core::ParseRole(name);
      if (!role) return core::Fail(InvalidField("role", "'" + name + "' is not a role"));
      roles.push_back({*role, std::nullopt});
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  core::PrivilegeSet all;
  for (const auto& p : core::AllPrivileges()) all.insert(p.privilege);
  auto unfit = roles.empty() ? std::vector<core::Privilege>{} : authz::UnfitPrivileges(roles, all);
  json out = json::array();
  for (const auto& p : core::AllPrivileges()) {
    if (std::find(unfit.begin(), unfit.end(), p.privilege) != unfit.end()) continue;
    out.push_back({{"name", p.name}, {"description", p.description}});
  }
  return JsonResponse(200, out);
}

Reply GetOwnPassword(service::Admins& admins, const core::Clock& clock, http::Request& rq,
                     const Authed& who) {
  auto date = DateWriter::Of(rq, kIsoDatePattern);
  if (!date) return core::Fail(date.error());
  auto self = admins.Self(who.principal);
  if (!self) return core::Fail(self.error());
  auto now = clock.Now();
  return JsonResponse(
      200, {{"state", service::PasswordStateOf(*self, now)},
            {"expirationDate",
             self->password.expires_at ? json((*date)(*self->password.expires_at)) : json(nullptr)},
            {"mustChange", self->password.must_change}});
}

Reply ChangeOwnPassword(service::Admins& admins, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto password = OptString(*body, "newPassword");
  if (!password) return core::Fail(password.error());
  if (!*password) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "newPassword is required but missing");
  }
  if (auto r = admins.ChangeOwnPassword(who.principal, **password, who.session_token_hash); !r) {
    return core::Fail(r.error());
  }
  return http::Response{204, {}, ""};
}

}  // namespace certkeep::api::internal
