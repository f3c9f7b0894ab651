#include "service/domain_access.h"

#include <optional>

namespace certkeep::service {

core::Result<OrgMap> LoadOrgs(store::Transaction& tx, core::CustomerId customer) {
  auto all = tx.organizations().List(customer);
  if (!all) return core::Fail(all.error());
  OrgMap out;
  for (auto& o : *all) out.emplace(o.id.value, std::move(o));
  return out;
}

core::Result<void> CheckDomainPlaces(const authz::Principal& who, authz::Action action,
                                     const core::Domain& domain, const OrgMap& orgs, bool all) {
  if (who.IsMrao()) return authz::Authorize(who, action, authz::Place::Customer(who.customer_id));
  std::optional<core::Error> refusal;
  bool any = false;
  for (const auto& d : domain.delegations) {
    // A delegation waiting for approval shows the domain to its place and proves nothing:
    // no validation through it until an approver accepts it.
    if (action == authz::Action::kValidateDomain && d.status != core::DelegationStatus::kActive) {
      continue;
    }
    auto org = orgs.find(d.org_id.value);
    auto r = org == orgs.end()
                 ? core::Result<void>(core::Fail(core::ErrorCode::kForbidden,
                                                 core::Reason::kOutOfScope, "unknown place"))
                 : authz::Authorize(who, action, authz::Place::Of(org->second));
    if (r) {
      any = true;
    } else {
      if (all) return r;
      refusal = r.error();
    }
  }
  if (any) return core::Ok();
  if (refusal) return core::Fail(*refusal);
  return core::Fail(
      core::ErrorCode::kForbidden, core::Reason::kOutOfScope,
      "Domain '" + domain.name + "' is not delegated to any place of admin '" + who.login + "'");
}

}  // namespace certkeep::service
