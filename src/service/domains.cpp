#include "service/domains.h"

#include <nlohmann/json.hpp>

#include "core/domain_coverage.h"
#include "pki/csr.h"
#include "service/audit_log.h"
#include "service/domain_access.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;

core::Error DomainNotFound(core::DomainId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kDomainNotFound,
                     "Domain " + std::to_string(id.value) + " does not exist");
}

// Loads `id` of `who`'s customer for `action`; a domain `who` cannot see is NotFound.
core::Result<core::Domain> Load(store::Transaction& tx, const authz::Principal& who,
                                core::DomainId id, Action action, const OrgMap& orgs) {
  auto domain = tx.domains().Get(id);
  if (!domain) {
    if (domain.error().code() == core::ErrorCode::kNotFound) return core::Fail(DomainNotFound(id));
    return core::Fail(domain.error());
  }
  if (domain->customer_id != who.customer_id) return core::Fail(DomainNotFound(id));
  if (!CheckDomainPlaces(who, Action::kViewDomain, *domain, orgs, false)) {
    return core::Fail(DomainNotFound(id));
  }
  if (action != Action::kViewDomain) {
    if (auto r = CheckDomainPlaces(who, action, *domain, orgs, true); !r)
      return core::Fail(r.error());
  }
  return domain;
}

core::Result<core::Delegation> MakeDelegation(const authz::Principal& who,
                                              const DelegationRequest& request,
                                              const OrgMap& orgs) {
  auto org = orgs.find(request.org_id.value);
  if (org == orgs.end()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "orgId " + std::to_string(request.org_id.value) +
                          " is not an organization or department of this customer");
  }
  if (request.cert_types.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "certTypes: at least one of SSL, SMIME, CodeSign");
  }
  if (request.privileges.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "domainCertificateRequestPrivileges: at least one of DOMAIN, SUBDOMAIN, "
                      "WILDCARD_1ST_LEVEL, WILDCARD_2ND_LEVEL");
  }
  if (auto r = authz::Authorize(who, Action::kDelegateDomain, Place::Of(org->second)); !r) {
    return core::Fail(r.error());
  }
  // scm-api.md §2.7: an RAO's or DRAO's delegation waits for an admin above it.
  return core::Delegation{
      .org_id = request.org_id,
      .cert_types = request.cert_types,
      .privileges = request.privileges,
      .status = who.IsMrao() ? core::DelegationStatus::kActive : core::DelegationStatus::kRequested,
      .requested_by = who.admin_id};
}

nlohmann::json Summary(const core::Domain& d) {
  nlohmann::json delegations = nlohmann::json::array();
  for (const auto& g : d.delegations) {
    delegations.push_back({{"orgId", g.org_id.value}, {"status", core::ToString(g.status)}});
  }
  return {{"name", d.name}, {"active", d.active}, {"delegations", delegations}};
}

std::string Change(const core::Domain* before, const core::Domain* after) {
  nlohmann::json j = nlohmann::json::object();
  if (before) j["before"] = Summary(*before);
  if (after) j["after"] = Summary(*after);
  return j.dump();
}

core::Result<void> Audited(store::Transaction& tx, const core::Clock& clock,
                           const authz::Principal& who, const char* action,
                           const core::Domain& before, const core::Domain* after) {
  auto a = RecordAudit(tx, clock,
                       AuditBy(who, action, "domain", before.id.value, Change(&before, after)));
  if (!a) return core::Fail(a.error());
  return core::Ok();
}

// The level of the admin who asked for a delegation (a deleted one counts as a DRAO).
core::RoleLevel RequesterLevel(store::Transaction& tx, const core::Delegation& d) {
  if (!d.requested_by) return core::RoleLevel::kDepartment;
  auto admin = tx.admins().Get(*d.requested_by);
  return admin ? admin->Level() : core::RoleLevel::kDepartment;
}

// A name inside another registered domain belongs to that domain's places too: a
// delegation of it is approved only by an admin who covers every place the enclosing
// domain is delegated to (an MRAO, at the least), not merely by the asker's superior.
core::Result<void> CoversEnclosing(store::Transaction& tx, const authz::Principal& who,
                                   const core::Domain& d, const OrgMap& orgs) {
  if (who.IsMrao()) return core::Ok();
  auto own = core::SplitWildcard(d.name);
  auto rows = tx.domains().ListCandidates(who.customer_id, std::string(own.base));
  if (!rows) return core::Fail(rows.error());
  for (const auto& row : *rows) {
    auto theirs = core::SplitWildcard(row.name);
    bool encloses = row.id != d.id && (theirs.base.size() < own.base.size() ||
                                       (own.is_wildcard && !theirs.is_wildcard));
    if (!encloses) continue;
    bool covered = false;
    for (const auto& g : row.delegations) {
      if (g.status != core::DelegationStatus::kActive) continue;
      auto org = orgs.find(g.org_id.value);
      covered = org != orgs.end() && authz::Covers(who, Place::Of(org->second));
      if (!covered) break;
    }
    if (!covered) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kOutOfScope,
                        "'" + d.name + "' lies inside '" + row.name +
                            "', which is delegated beyond admin '" + who.login +
                            "': an MRAO decides this delegation");
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<std::string> NormalizeDomainName(std::string_view name) {
  pki::CsrPolicy policy;
  policy.allow_wildcard = true;
  auto checked = pki::CheckDnsName(name, policy);
  if (!checked || checked->size() < 4 || checked->size() > 255) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kDomainInvalidName,
                      "Invalid domain name '" + std::string(name) + "'" +
                          (checked ? ": 4 to 255 characters" : ": " + checked.error().detail()));
  }
  return *checked;
}

core::Result<store::DomainPage> Domains::List(const authz::Principal& who,
                                              store::DomainQuery query) {
  if (auto r = authz::Authorize(who, Action::kListDomains, Place::Customer(who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  query.customer = who.customer_id;
  query.size = std::clamp<std::int64_t>(query.size, 0, 200);
  query.position = std::max<std::int64_t>(query.position, 0);
  return store_.Read([&](store::Transaction& tx) -> core::Result<store::DomainPage> {
    if (!who.IsMrao()) {
      auto orgs = LoadOrgs(tx, who.customer_id);
      if (!orgs) return core::Fail(orgs.error());
      std::vector<core::OrgId> within;
      for (const auto& [id, o] : *orgs) {
        if (authz::Covers(who, Place::Of(o))) within.push_back(o.id);
      }
      query.within = std::move(within);
    }
    return tx.domains().List(query);
  });
}

core::Result<core::Domain> Domains::Get(const authz::Principal& who, core::DomainId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<core::Domain> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    return Load(tx, who, id, Action::kViewDomain, *orgs);
  });
}

core::Result<core::DomainId> Domains::Create(const authz::Principal& who,
                                             const DomainDraft& draft) {
  if (auto r = authz::Authorize(who, Action::kCreateDomain, Place::Customer(who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  auto name = NormalizeDomainName(draft.name);
  if (!name) return core::Fail(name.error());
  if (draft.delegations.empty() && !who.IsMrao()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "delegations: must delegate to at least one organization or department");
  }
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::DomainId> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    core::Domain d{.customer_id = who.customer_id,
                   .name = *name,
                   .description = draft.description,
                   .active = draft.active,
                   .created_at = clock_.Now()};
    for (const auto& request : draft.delegations) {
      if (d.DelegationTo(request.org_id)) {
        return core::Fail(
            core::ErrorCode::kMalformed, core::Reason::kInvalidField,
            "delegations: orgId " + std::to_string(request.org_id.value) + " appears twice");
      }
      auto g = MakeDelegation(who, request, *orgs);
      if (!g) return core::Fail(g.error());
      d.delegations.push_back(std::move(*g));
    }
    auto id = tx.domains().Insert(d);
    if (!id) return id;
    d.id = *id;
    if (auto r = AnnounceRequests(tx, who, d, d.delegations); !r) return core::Fail(r.error());
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "domain.create", "domain", id->value, Change(nullptr, &d)));
    if (!a) return core::Fail(a.error());
    return *id;
  });
}

core::Result<void> Domains::Delete(const authz::Principal& who, core::DomainId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    auto d = Load(tx, who, id, Action::kDeleteDomain, *orgs);
    if (!d) return core::Fail(d.error());
    if (auto r = tx.domains().Delete(id); !r) return r;
    return Audited(tx, clock_, who, "domain.delete", *d, nullptr);
  });
}

core::Result<void> Domains::SetActive(const authz::Principal& who, core::DomainId id, bool active) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    auto d = Load(tx, who, id, Action::kEditDomain, *orgs);
    if (!d) return core::Fail(d.error());
    if (auto r = tx.domains().SetActive(id, active); !r) return r;
    auto after = *d;
    after.active = active;
    return Audited(tx, clock_, who, active ? "domain.activate" : "domain.suspend", *d, &after);
  });
}

core::Result<void> Domains::Delegate(const authz::Principal& who, core::DomainId id,
                                     const DelegationRequest& request) {
  return Delegate(who, std::span<const core::DomainId>(&id, 1), request);
}

core::Result<void> Domains::Delegate(const authz::Principal& who,
                                     std::span<const core::DomainId> ids,
                                     const DelegationRequest& request) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    auto g = MakeDelegation(who, request, *orgs);
    if (!g) return core::Fail(g.error());
    for (auto id : ids) {
      auto d = Load(tx, who, id, Action::kViewDomain, *orgs);
      if (!d) return core::Fail(d.error());
      if (auto r = tx.domains().PutDelegation(id, *g); !r) return r;
      if (auto r = AnnounceRequests(tx, who, *d, {*g}); !r) return r;
      auto after = *d;
      std::erase_if(after.delegations, [&](const auto& x) { return x.org_id == g->org_id; });
      after.delegations.push_back(*g);
      if (auto r = Audited(tx, clock_, who, "domain.delegate", *d, &after); !r) return r;
    }
    return core::Ok();
  });
}

core::Result<void> Domains::RemoveDelegation(const authz::Principal& who, core::DomainId id,
                                             core::OrgId org) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    auto d = Load(tx, who, id, Action::kViewDomain, *orgs);
    if (!d) return core::Fail(d.error());
    auto place = orgs->find(org.value);
    if (place == orgs->end() || !d->DelegationTo(org)) {
      return core::Fail(
          core::ErrorCode::kNotFound, core::Reason::kDelegationMissing,
          "Domain '" + d->name + "' is not delegated to " + std::to_string(org.value));
    }
    if (auto r = authz::Authorize(who, Action::kDelegateDomain, Place::Of(place->second)); !r) {
      return r;
    }
    if (auto r = tx.domains().RemoveDelegation(id, org); !r) return r;
    auto after = *d;
    std::erase_if(after.delegations, [&](const auto& x) { return x.org_id == org; });
    return Audited(tx, clock_, who, "domain.delegation.remove", *d, &after);
  });
}

core::Result<void> Domains::Approve(const authz::Principal& who, core::DomainId id,
                                    core::OrgId org) {
  return Decide(who, id, org, true);
}

core::Result<void> Domains::Reject(const authz::Principal& who, core::DomainId id,
                                   core::OrgId org) {
  return Decide(who, id, org, false);
}

core::Result<void> Domains::Decide(const authz::Principal& who, core::DomainId id, core::OrgId org,
                                   bool approve) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto orgs = LoadOrgs(tx, who.customer_id);
    if (!orgs) return core::Fail(orgs.error());
    auto d = Load(tx, who, id, Action::kViewDomain, *orgs);
    if (!d) return core::Fail(d.error());
    const auto* g = d->DelegationTo(org);
    if (!g || g->status != core::DelegationStatus::kRequested) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kDelegationNotRequested,
                        "Operation only allowed while the delegation status is Requested");
    }
    if (auto r = authz::Authorize(who, Action::kApproveDelegation, Place::Of(orgs->at(org.value)));
        !r) {
      return r;
    }
    if (!(who.Level() < RequesterLevel(tx, *g))) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kOutOfScope,
                        "A delegation is decided by an admin above the one who asked for it");
    }
    if (approve) {
      if (auto r = CoversEnclosing(tx, who, *d, *orgs); !r) return r;
    }
    auto after = *d;
    if (approve) {
      auto approved = *g;
      approved.status = core::DelegationStatus::kActive;
      if (auto r = tx.domains().PutDelegation(id, approved); !r) return r;
      for (auto& x : after.delegations) {
        if (x.org_id == org) x.status = core::DelegationStatus::kActive;
      }
    } else {
      if (auto r = tx.domains().RemoveDelegation(id, org); !r) return r;
      std::erase_if(after.delegations, [&](const auto& x) { return x.org_id == org; });
    }
    return Audited(tx, clock_, who,
                   approve ? "domain.delegation.approve" : "domain.delegation.reject", *d, &after);
  });
}

core::Result<void> Domains::AnnounceRequests(store::Transaction& tx, const authz::Principal& who,
                                             const core::Domain& domain,
                                             const std::vector<core::Delegation>& delegations) {
  if (!notifier_) return core::Ok();
  auto now = clock_.Now();
  for (const auto& g : delegations) {
    if (g.status != core::DelegationStatus::kRequested) continue;
    auto org = tx.organizations().Get(g.org_id);
    if (!org) return core::Fail(org.error());
    // One message per request: a delegation requested again after a rejection is news.
    NotificationEvent event{.type = core::NotificationType::kDomainDelegationRequested,
                            .customer = domain.customer_id,
                            .org = *org,
                            .object_kind = "delegation/" + std::to_string(domain.id.value),
                            .object_id = g.org_id.value,
                            .threshold = core::ToUnixSeconds(now),
                            .requester_id = who.admin_id,
                            .values = {{"domain", domain.name},
                                       {"organization", org->name},
                                       {"requester", who.login},
                                       {"status", "REQUESTED"}},
                            .path = "/domains/" + std::to_string(domain.id.value)};
    auto n = notifier_->Emit(tx, now, event);
    if (!n) return core::Fail(n.error());
  }
  return core::Ok();
}

}  // namespace certkeep::service
