#include "service/scope.h"

namespace certkeep::service {

core::Result<std::optional<std::vector<core::OrgId>>> CoveredOrgs(store::Transaction& tx,
                                                                  const authz::Principal& who,
                                                                  core::CertType cert_type) {
  if (who.IsMrao()) return std::optional<std::vector<core::OrgId>>{};
  auto orgs = tx.organizations().List(who.customer_id);
  if (!orgs) return core::Fail(orgs.error());
  std::vector<core::OrgId> within;
  for (const auto& o : *orgs) {
    if (authz::Covers(who, authz::Place::Of(o), core::RoleLevel::kDepartment, cert_type)) {
      within.push_back(o.id);
    }
  }
  return std::optional<std::vector<core::OrgId>>{std::move(within)};
}

}  // namespace certkeep::service
