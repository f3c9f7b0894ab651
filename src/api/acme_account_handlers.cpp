// /api/acme: SCM's ACME accounts (scm-api.md §2.9), the External Account Binding
// credentials an admin hands to a web server's ACME client, and the directories they are
// for.

#include <algorithm>
#include <cctype>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"

namespace certkeep::api::internal {

namespace {

using nlohmann::json;

// Every account certkeep makes is domain-validated: its clients prove control per order.
constexpr std::string_view kValidationType = "DV";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A non-empty query parameter.
std::optional<std::string> Text(const http::Request& rq, const char* name) {
  auto v = rq.QueryParam(name);
  if (v && !v->empty()) return v;
  return std::nullopt;
}

// ?certValidationType: DV, OV or EV; true when DV (the only kind there is) is asked for.
core::Result<bool> AsksForDv(const http::Request& rq) {
  auto type = Text(rq, "certValidationType");
  if (!type) return true;
  if (*type != "DV" && *type != "OV" && *type != "EV") {
    return core::Fail(InvalidField("certValidationType", "DV, OV or EV"));
  }
  return *type == kValidationType;
}

// The items `position` to `position + size` of `all`, with X-Total-Count.
http::Response Paged(const std::vector<json>& all, std::int64_t position, std::int64_t size) {
  json out = json::array();
  auto first = std::min<std::size_t>(static_cast<std::size_t>(position), all.size());
  auto last = std::min<std::size_t>(first + static_cast<std::size_t>(size), all.size());
  for (auto i = first; i < last; ++i) out.push_back(all[i]);
  auto response = JsonResponse(200, out);
  response.SetHeader("X-Total-Count", std::to_string(all.size()));
  return response;
}

// SCM's account object. accountId and contacts are the first ACME account registered
// with it ("" before one is); SCM's OV and EV fields are empty, as for any DV account.
json AccountJson(const core::ExternalAccount& a, const std::vector<core::AcmeAccount>& registered) {
  json domains = json::array();
  for (const auto& d : a.domains) domains.push_back({{"name", d}});
  std::string account_id, contacts;
  if (!registered.empty()) {
    account_id = std::to_string(registered.front().id.value);
    for (const auto& c : registered.front().contacts) contacts += (contacts.empty() ? "" : ",") + c;
  }
  return {{"id", a.id.value},
          {"name", a.name},
          {"status", core::ToString(a.status)},
          {"macKey", a.mac_key},
          {"macId", a.key_id},
          {"acmeServer", a.acme_server},
          {"organizationId", a.org_id.value},
          {"certValidationType", a.cert_validation_type},
          {"accountId", account_id},
          {"ovOrderNumber", 0},
          {"ovAnchorID", ""},
          {"validationId", ""},
          {"contacts", contacts},
          {"domains", domains}};
}

// The accounts as SCM shows them, each with its registrations.
core::Result<std::vector<json>> AccountsJson(service::ExternalAccounts& accounts, const Authed& who,
                                             const std::vector<core::ExternalAccount>& items) {
  std::vector<core::ExternalAccountId> ids;
  for (const auto& a : items) ids.push_back(a.id);
  auto registered = accounts.Registrations(who.principal, ids);
  if (!registered) return core::Fail(registered.error());
  std::vector<json> out;
  for (const auto& a : items) {
    auto it = registered->find(a.id.value);
    out.push_back(
        AccountJson(a, it == registered->end() ? std::vector<core::AcmeAccount>{} : it->second));
  }
  return out;
}

// ?organizationId=N (the organization and its departments) or N,-2 (N only).
core::Result<void> ReadOrgFilter(const http::Request& rq, store::ExternalAccountQuery& q) {
  auto text = Text(rq, "organizationId");
  if (!text) return core::Ok();
  auto comma = text->find(',');
  auto id = text->substr(0, comma);
  bool org_only = comma != std::string::npos && text->substr(comma + 1) == "-2";
  bool digits = !id.empty() && id.size() <= 18 &&
                std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || (comma != std::string::npos && !org_only)) {
    return core::Fail(InvalidField("organizationId", "an id, or an id followed by ,-2"));
  }
  q.org = core::OrgId{std::stoll(id)};
  q.with_departments = !org_only;
  return core::Ok();
}

core::Result<core::ExternalAccountId> AccountIdOf(const http::Request& rq) {
  auto id = PathId(rq, "id");
  if (!id) return core::Fail(id.error());
  return core::ExternalAccountId{*id};
}

// {"domains": [{"name": "..."}]}; bare strings are taken as names too.
core::Result<std::vector<std::string>> DomainNamesOf(const http::Request& rq) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto it = body->find("domains");
  if (it == body->end() || it->is_null()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "domains is required but missing");
  }
  if (!it->is_array()) return core::Fail(InvalidField("domains", "a list of {name}"));
  std::vector<std::string> names;
  for (const auto& d : *it) {
    const json* name = d.is_object() && d.contains("name") ? &d["name"] : &d;
    if (!name->is_string()) return core::Fail(InvalidField("domains", "a list of {name}"));
    names.push_back(name->get<std::string>());
  }
  return names;
}

}  // namespace

Reply ListAcmeServers(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  auto page = QueryPage(rq);
  if (!page) return core::Fail(page.error());
  auto dv = AsksForDv(rq);
  if (!dv) return core::Fail(dv.error());
  auto directories = accounts.Directories(who.principal);
  if (!directories) return core::Fail(directories.error());
  auto name = Text(rq, "name");
  auto url = Text(rq, "url");
  std::vector<json> all;
  for (const auto& d : *directories) {
    if (!*dv || (url && *url != d.url)) continue;
    if (name && Lower(d.name).find(Lower(*name)) == std::string::npos) continue;
    // SCM's CA backend and product ids have no counterpart: certkeep's directories issue
    // from its own CA with its own profiles. 0 is what clients read as "none".
    all.push_back({{"name", d.name},
                   {"url", d.url},
                   {"caId", 0},
                   {"certValidationType", kValidationType},
                   {"singleProductId", 0},
                   {"multiProductId", 0},
                   {"wcProductId", 0},
                   {"active", true}});
  }
  return Paged(all, page->first, page->second);
}

Reply ListAcmeAccounts(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  store::ExternalAccountQuery q;
  auto page = QueryPage(rq);
  if (!page) return core::Fail(page.error());
  q.position = page->first;
  q.size = page->second;
  if (auto r = ReadOrgFilter(rq, q); !r) return core::Fail(r.error());
  q.name = Text(rq, "name");
  q.acme_server = Text(rq, "acmeServer");
  if (auto s = Text(rq, "status")) {
    q.status = core::ParseExternalAccountStatus(*s);
    if (!q.status) return core::Fail(InvalidField("status", "pending, valid or deactivated"));
  }
  auto dv = AsksForDv(rq);
  if (!dv) return core::Fail(dv.error());
  auto found = accounts.List(who.principal, q);
  if (!found) return core::Fail(found.error());
  if (!*dv) *found = {};
  auto items = AccountsJson(accounts, who, found->items);
  if (!items) return core::Fail(items.error());
  auto response = JsonResponse(200, json(*items));
  response.SetHeader("X-Total-Count", std::to_string(found->total));
  return response;
}

Reply GetAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto account = accounts.Get(who.principal, *id);
  if (!account) return core::Fail(account.error());
  auto items = AccountsJson(accounts, who, {*account});
  if (!items) return core::Fail(items.error());
  return JsonResponse(200, items->front());
}

Reply CreateAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto name = OptString(*body, "name");
  if (!name) return core::Fail(name.error());
  auto server = OptString(*body, "acmeServer");
  if (!server) return core::Fail(server.error());
  auto org = OptInt(*body, "organizationId");
  if (!org) return core::Fail(org.error());
  if (!*org) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "organizationId is required but missing");
  }
  // evDetails: ignored; certkeep's ACME accounts are DV.
  auto created = accounts.Create(who.principal, {.name = name->value_or(""),
                                                 .acme_server = server->value_or(""),
                                                 .org_id = core::OrgId{**org}});
  if (!created) return core::Fail(created.error());
  return Created(rq, "/api/acme/v1/account", created->id.value);
}

Reply RenameAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto body = ParseObject(rq);
  if (!body) return core::Fail(body.error());
  auto name = OptString(*body, "name");
  if (!name) return core::Fail(name.error());
  if (auto r = accounts.Rename(who.principal, *id, name->value_or("")); !r) {
    return core::Fail(r.error());
  }
  return http::Response{200, {}, ""};
}

Reply DeleteAcmeAccount(service::ExternalAccounts& accounts, http::Request& rq, const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  if (auto r = accounts.Delete(who.principal, *id); !r) return core::Fail(r.error());
  return http::Response{204, {}, ""};
}

Reply AddAcmeAccountDomains(service::ExternalAccounts& accounts, http::Request& rq,
                            const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto names = DomainNamesOf(rq);
  if (!names) return core::Fail(names.error());
  auto refused = accounts.AddDomains(who.principal, *id, *names);
  if (!refused) return core::Fail(refused.error());
  return JsonResponse(200, {{"notAddedDomains", refused->names}});
}

Reply RemoveAcmeAccountDomains(service::ExternalAccounts& accounts, http::Request& rq,
                               const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto names = DomainNamesOf(rq);
  if (!names) return core::Fail(names.error());
  auto refused = accounts.RemoveDomains(who.principal, *id, *names);
  if (!refused) return core::Fail(refused.error());
  return JsonResponse(200, {{"notRemovedDomains", refused->names}});
}

Reply ListAcmeAccountDomains(service::ExternalAccounts& accounts, const core::Clock& clock,
                             http::Request& rq, const Authed& who) {
  auto id = AccountIdOf(rq);
  if (!id) return core::Fail(id.error());
  auto page = QueryPage(rq);
  if (!page) return core::Fail(page.error());
  auto date = DateWriter::Of(rq, kIsoDatePattern);
  if (!date) return core::Fail(date.error());
  // Days until a validation lapses; certkeep keeps no "sticky" period apart from it, so
  // stickyUntil is validUntil and both filters read it.
  std::optional<core::TimePoint> before;
  for (const char* param : {"expiresWithinNextDays", "stickyExpiresWithinNextDays"}) {
    if (!rq.QueryParam(param)) continue;
    auto days = QueryInt(rq, param, 0);
    if (!days) return core::Fail(days.error());
    // Past a century every validation is in: the cap keeps the sum from overflowing.
    auto limit = clock.Now() + std::chrono::days(std::min<std::int64_t>(*days, 36500));
    before = before ? std::min(*before, limit) : limit;
  }
  // ?name narrows by part of the name (SCM takes a regular expression; certkeep runs none
  // on client input).
  auto name = Text(rq, "name");
  auto domains = accounts.DomainsOf(who.principal, *id);
  if (!domains) return core::Fail(domains.error());
  std::vector<json> all;
  for (const auto& d : *domains) {
    if (name && d.name.find(Lower(*name)) == std::string::npos) continue;
    const auto& v = d.validation;
    if (before && (!v || v->expires_at > *before)) continue;
    json until = v ? json((*date)(v->expires_at)) : json(nullptr);
    all.push_back({{"name", d.name},
                   {"validUntil", until},
                   {"stickyUntil", until},
                   {"validationId", v ? json(std::to_string(v->id.value)) : json(nullptr)}});
  }
  return Paged(all, page->first, page->second);
}

}  // namespace certkeep::api::internal
