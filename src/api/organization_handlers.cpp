// /api/organization/v1: SCM's organizations and departments (scm-api.md §2.5).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

// certkeep issues SSL, client and code-signing certificates for every organization.
const json kCertTypes = json::array({"SSL", "SMIME", "CodeSign"});

json Brief(const core::Organization& o, const std::string& parent_name) {
  json j{{"id", o.id.value}, {"name", o.name}, {"certTypes", kCertTypes}};
  if (o.IsDepartment()) j["parentName"] = parent_name;
  return j;
}

json Details(const service::OrganizationTree& tree, const std::string& parent_name) {
  const auto& o = tree.organization;
  json departments = json::array();
  for (const auto& d : tree.departments) departments.push_back(Brief(d, o.name));
  json j{{"id", o.id.value},
         {"name", o.name},
         {"alias", o.alias},
         {"secondaryName", o.secondary_name},
         {"contactEmails", o.contact_emails},
         {"address1", o.address.address1},
         {"address2", o.address.address2},
         {"address3", o.address.address3},
         {"city", o.address.city},
         {"stateOrProvince", o.address.state_or_province},
         {"postalCode", o.address.postal_code},
         {"country", o.address.country},
         {"certTypes", kCertTypes},
         {"departments", departments},
         {"sslCertsApiEnabled", o.ssl_certs_api_enabled},
         {"clientCertsApiEnabled", o.client_certs_api_enabled}};
  if (o.IsDepartment()) {
    j["parentId"] = o.parent_id->value;
    j["parentName"] = parent_name;
  }
  return j;
}

core::Result<service::OrganizationPatch> PatchFrom(const json& body) {
  service::OrganizationPatch p;
  struct Field {
    const char* name;
    std::optional<std::string> service::OrganizationPatch::*member;
  };
  // SCM spells the state "stateProvince" on create and "stateOrProvince" on read.
  static constexpr Field kFields[] = {
      {"name", &service::OrganizationPatch::name},
      {"alias", &service::OrganizationPatch::alias},
      {"secondaryName", &service::OrganizationPatch::secondary_name},
      {"address1", &service::OrganizationPatch::address1},
      {"address2", &service::OrganizationPatch::address2},
      {"address3", &service::OrganizationPatch::address3},
      {"city", &service::OrganizationPatch::city},
      {"stateProvince", &service::OrganizationPatch::state_or_province},
      {"stateOrProvince", &service::OrganizationPatch::state_or_province},
      {"postalCode", &service::OrganizationPatch::postal_code},
      {"country", &service::OrganizationPatch::country},
  };
  for (const auto& f : kFields) {
    auto v = OptString(body, f.name);
    if (!v) return core::Fail(v.error());
    if (*v) p.*f.member = std::move(*v);
  }
  auto emails = OptStringList(body, "contactEmails");
  if (!emails) return core::Fail(emails.error());
  p.contact_emails = std::move(*emails);
  auto ssl = OptBool(body, "sslCertsApiEnabled");
  if (!ssl) return core::Fail(ssl.error());
  p.ssl_certs_api_enabled = *ssl;
  auto client = OptBool(body, "clientCertsApiEnabled");
  if (!client) return core::Fail(client.error());
  p.client_certs_api_enabled = *client;
  return p;
}

}  // namespace

Reply ListOrganizations(service::Organizations& orgs, http::Request&, const Authed& who) {
  auto trees = orgs.List(who.principal);
  if (!trees) return core::Fail(trees.error());
  json out = json::array();
  for (const auto& t : *trees) {
    json departments = json::array();
    for (const auto& d : t.departments) departments.push_back(Brief(d, t.organization.name));
    json j = Brief(t.organization, "");
    j["departments"] = departments;
    out.push_back(std::move(j));
  }
  return JsonResponse(200, out);
}

Reply OrganizationsManagedBy(service::Organizations& orgs, http::Request& rq, const Authed& who) {
  auto role = core::ParseRole(rq.path_params["role"]);
  if (!role) return core::Fail(InvalidField("role", "a role such as RAO_SSL or DRAO_SSL"));
  auto managed = orgs.ManagedBy(who.principal, *role);
  if (!managed) return core::Fail(managed.error());
  json out = json::array();
  for (const auto& [org, parent_name] : *managed) out.push_back(Brief(org, parent_name));
  return JsonResponse(200, out);
}

Reply GetOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto tree = orgs.Get(who.principal, core::OrgId{*id});
  if (!tree) return core::Fail(tree.error());
  std::string parent_name;
  if (tree->organization.IsDepartment()) {
    auto parent = orgs.Get(who.principal, *tree->organization.parent_id);
    if (parent) parent_name = parent->organization.name;
  }
  return JsonResponse(200, Details(*tree, parent_name));
}

Reply CreateOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  // A department: the same body plus its organization (SCM: parentOrgName; certkeep also
  // takes parentOrgId).
  std::optional<core::OrgId> parent;
  auto parent_id = OptInt(*body, "parentOrgId");
  if (!parent_id) return core::Fail(parent_id.error());
  auto parent_name = OptString(*body, "parentOrgName");
  if (!parent_name) return core::Fail(parent_name.error());
  if (*parent_id) {
    parent = core::OrgId{**parent_id};
  } else if (*parent_name && !(*parent_name)->empty()) {
    auto org = orgs.FindByName(who.principal, **parent_name);
    if (!org) return core::Fail(InvalidField("parentOrgName", "no organization of that name"));
    parent = org->id;
  }
  auto id = orgs.Create(who.principal, parent, *patch);
  if (!id) return core::Fail(id.error());
  return Created(rq, "/api/organization/v1", id->value);
}

Reply UpdateOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto patch = PatchFrom(*body);
  if (!patch) return core::Fail(patch.error());
  if (auto r = orgs.Update(who.principal, core::OrgId{*id}, *patch); !r)
    return core::Fail(r.error());
  return http::Response{200, {}, ""};
}

Reply DeleteOrganization(service::Organizations& orgs, http::Request& rq, const Authed& who) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  if (auto r = orgs.Delete(who.principal, core::OrgId{*id}); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

}  // namespace certkeep::api::internal
