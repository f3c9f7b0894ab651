// /api/domain/v1: the domain registry and its delegations (scm-api.md §2.7, §3.5).

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

json DelegationJson(const core::Delegation& d) {
  json types = json::array(), privileges = json::array();
  for (auto t : d.cert_types) types.push_back(core::ToString(t));
  for (auto p : d.privileges) privileges.push_back(core::ToString(p));
  return {{"orgId", d.org_id.value},
          {"certTypes", types},
          {"domainCertificateRequestPrivileges", privileges},
          {"status", core::ToString(d.status)}};
}

json Details(const core::Domain& d) {
  json delegations = json::array();
  bool all_active = true;
  for (const auto& g : d.delegations) {
    delegations.push_back(DelegationJson(g));
    all_active = all_active && g.status == core::DelegationStatus::kActive;
  }
  return {{"id", d.id.value},
          {"name", d.name},
          {"description", d.description},
          {"delegationStatus", all_active ? "ACTIVE" : "REQUESTED"},
          {"state", d.active ? "ACTIVE" : "SUSPENDED"},
          {"delegations", delegations}};
}

template <typename T, typename Parse>
core::Result<std::set<T>> SetOf(const json& body, const char* field, Parse parse,
                                const char* allowed) {
  auto list = OptStringList(body, field);
  if (!list) return core::Fail(list.error());
  std::set<T> out;
  for (const auto& item : list->value_or(std::vector<std::string>{})) {
    auto v = parse(item);
    if (!v) return core::Fail(InvalidField(field, "'" + item + "' is not one of " + allowed));
    out.insert(*v);
  }
  return out;
}

core::Result<service::DelegationRequest> DelegationFrom(const json& body) {
  service::DelegationRequest r;
  auto org = OptInt(body, "orgId");
  if (!org) return core::Fail(org.error());
  if (!*org) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "orgId is required but missing");
  }
  r.org_id = core::OrgId{**org};
  auto types =
      SetOf<core::CertType>(body, "certTypes", core::ParseCertType, "SSL, SMIME, CodeSign");
  if (!types) return core::Fail(types.error());
  r.cert_types = std::move(*types);
  auto privileges = SetOf<core::DomainPrivilege>(
      body, "domainCertificateRequestPrivileges", core::ParseDomainPrivilege,
      "DOMAIN, SUBDOMAIN, WILDCARD_1ST_LEVEL, WILDCARD_2ND_LEVEL");
  if (!privileges) return core::Fail(privileges.error());
  r.privileges = std::move(*privileges);
  return r;
}

core::Result<store::DomainQuery> QueryFrom(const http::Request& rq) {
  store::DomainQuery q;
  auto size = QueryInt(rq, "size", 200);
  auto position = QueryInt(rq, "position", 0);
  auto org = QueryInt(rq, "orgId", 0);
  for (auto* r : {&size, &position, &org}) {
    if (!*r) return core::Fail(r->error());
  }
  q.size = *size;
  q.position = *position;
  if (*org > 0) q.org_id = core::OrgId{*org};
  if (auto v = rq.QueryParam("name"); v && !v->empty()) q.name = *v;
  if (auto v = rq.QueryParam("state"); v && !v->empty()) {
    if (*v != "active" && *v != "inactive")
      return core::Fail(InvalidField("state", "active or inactive"));
    q.active = *v == "active";
  }
  if (auto v = rq.QueryParam("status"); v && !v->empty()) {
    if (*v != "requested" && *v != "approved") {
      return core::Fail(InvalidField("status", "requested or approved"));
    }
    q.status =
        *v == "requested" ? core::DelegationStatus::kRequested : core::DelegationStatus::kActive;
  }
  return q;
}

core::Result<core::DomainId> DomainIdOf(http::Request& rq) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  return core::DomainId{*id};
}

http::Response Ok200() {
  return http::Response{200, {}, ""};
}

// The `orgId` a delegation call names in its body.
core::Result<core::OrgId> OrgIdOf(http::Request& rq) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto org = OptInt(*body, "orgId");
  if (!org) return core::Fail(org.error());
  if (!*org) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "orgId is required but missing");
  }
  return core::OrgId{**org};
}

}  // namespace

Reply ListDomains(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto q = QueryFrom(rq);
  if (!q) return core::Fail(q.error());
  auto page = domains.List(who.principal, *q);
  if (!page) return core::Fail(page.error());
  json out = json::array();
  for (const auto& d : page->domains) out.push_back({{"id", d.id.value}, {"name", d.name}});
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(page->total));
  return response;
}

Reply CountDomains(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto q = QueryFrom(rq);
  if (!q) return core::Fail(q.error());
  q->size = 0;
  auto page = domains.List(who.principal, *q);
  if (!page) return core::Fail(page.error());
  return JsonResponse(200, {{"count", page->total}});
}

Reply GetDomain(service::Domains& domains, service::DomainControl& dcv, http::Request& rq,
                const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto date = DateWriter::Of(rq, kIsoDatePattern);
  if (!date) return core::Fail(date.error());
  auto d = domains.Get(who.principal, *id);
  if (!d) return core::Fail(d.error());
  auto validation = dcv.StatusOf(*d);
  if (!validation) return core::Fail(validation.error());
  auto out = Details(*d);
  out.update(DomainValidationJson(*validation, *date));
  return JsonResponse(200, out);
}

Reply CreateDomain(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  service::DomainDraft draft;
  auto name = OptString(*body, "name");
  auto description = OptString(*body, "description");
  auto active = OptBool(*body, "active");
  if (!name) return core::Fail(name.error());
  if (!description) return core::Fail(description.error());
  if (!active) return core::Fail(active.error());
  if (!*name) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "name is required but missing");
  }
  draft.name = **name;
  draft.description = description->value_or("");
  draft.active = active->value_or(true);
  if (auto it = body->find("delegations"); it != body->end() && !it->is_null()) {
    if (!it->is_array()) return core::Fail(InvalidField("delegations", "must be a list"));
    for (const auto& item : *it) {
      if (!item.is_object()) {
        return core::Fail(InvalidField("delegations", "each entry is an object"));
      }
      auto d = DelegationFrom(item);
      if (!d) return core::Fail(d.error());
      draft.delegations.push_back(std::move(*d));
    }
  }
  auto id = domains.Create(who.principal, draft);
  if (!id) return core::Fail(id.error());
  return Created(rq, "/api/domain/v1", id->value);
}

Reply DeleteDomain(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  if (auto r = domains.Delete(who.principal, *id); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply SetDomainActive(service::Domains& domains, bool active, http::Request& rq,
                      const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  if (auto r = domains.SetActive(who.principal, *id, active); !r) return core::Fail(r.error());
  return Ok200();
}

Reply DelegateDomain(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto request = DelegationFrom(*body);
  if (!request) return core::Fail(request.error());
  if (auto r = domains.Delegate(who.principal, *id, *request); !r) return core::Fail(r.error());
  return Ok200();
}

Reply DelegateDomains(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto request = DelegationFrom(*body);
  if (!request) return core::Fail(request.error());
  auto ids = body->find("domainIds");
  if (ids == body->end() || !ids->is_array() || ids->empty() || ids->size() > 1000) {
    return core::Fail(InvalidField("domainIds", "a list of 1 to 1000 domain ids"));
  }
  // All in one transaction: one refused, none changed.
  std::vector<core::DomainId> list;
  for (const auto& v : *ids) {
    if (!v.is_number_integer()) return core::Fail(InvalidField("domainIds", "integers"));
    list.push_back(core::DomainId{v.get<std::int64_t>()});
  }
  if (auto r = domains.Delegate(who.principal, list, *request); !r) return core::Fail(r.error());
  return Ok200();
}

Reply RemoveDelegation(service::Domains& domains, http::Request& rq, const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto org = OrgIdOf(rq);
  if (!org) return core::Fail(org.error());
  if (auto r = domains.RemoveDelegation(who.principal, *id, *org); !r) {
    return core::Fail(r.error());
  }
  return Ok200();
}

Reply DecideDelegation(service::Domains& domains, bool approve, http::Request& rq,
                       const Authed& who) {
  auto id = DomainIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto org = OrgIdOf(rq);
  if (!org) return core::Fail(org.error());
  auto r = approve ? domains.Approve(who.principal, *id, *org)
                   : domains.Reject(who.principal, *id, *org);
  if (!r) return core::Fail(r.error());
  return Ok200();
}

}  // namespace certkeep::api::internal
