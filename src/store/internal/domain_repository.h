#pragma once
// The domain registry: one domain row per name of a customer, and one domain_delegation
// row per organization or department it is delegated to (cert types and privileges as
// comma-separated SCM names in the order of their enums).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

/// DomainRepository in portable SQL. Whether the org of a delegation belongs to the
/// domain's customer is the caller's rule, not checked here.
class SqlDomainRepository final : public DomainRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlDomainRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::DomainId> Insert(const core::Domain& domain) override;
  core::Result<core::Domain> Get(core::DomainId id) override;
  core::Result<core::Domain> FindByName(core::CustomerId customer,
                                        const std::string& name) override;
  core::Result<DomainPage> List(const DomainQuery& query) override;
  core::Result<std::vector<core::Domain>> ListCandidates(core::CustomerId customer,
                                                         const std::string& name) override;
  core::Result<void> Delete(core::DomainId id) override;
  core::Result<void> SetActive(core::DomainId id, bool active) override;
  core::Result<void> PutDelegation(core::DomainId id, const core::Delegation& delegation) override;
  core::Result<void> RemoveDelegation(core::DomainId id, core::OrgId org) override;

 private:
  // The one domain matching `where` (on alias d), delegations included, or NotFound.
  core::Result<core::Domain> One(const std::string& where, std::span<const SqlValue> params,
                                 std::string_view what);
  // The domains `rest` (WHERE ... ORDER BY ..., on alias d) selects, delegations included.
  core::Result<std::vector<core::Domain>> Many(const std::string& rest,
                                               std::span<const SqlValue> params);
  // Inserts the delegation, or replaces the one to the same org.
  core::Result<void> WriteDelegation(core::DomainId id, const core::Delegation& delegation);

  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
