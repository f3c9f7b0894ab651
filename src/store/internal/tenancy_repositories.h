#pragma once
// Customers, and their organizations and departments (one table: a department is a row
// with a parent).

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

/// CustomerRepository in portable SQL.
class SqlCustomerRepository final : public CustomerRepository {
 public:
  explicit SqlCustomerRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::CustomerId> Insert(const core::Customer& customer) override;
  core::Result<core::Customer> Get(core::CustomerId id) override;
  core::Result<core::Customer> FindByUri(const std::string& uri) override;
  core::Result<std::vector<core::Customer>> List() override;

 private:
  SqlConnection& conn_;
};

/// OrganizationRepository in portable SQL. Update keeps created_at as well as customer
/// and parent. Whether a parent may hold departments is the caller's rule, not checked here.
class SqlOrganizationRepository final : public OrganizationRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlOrganizationRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::OrgId> Insert(const core::Organization& org) override;
  core::Result<void> Update(const core::Organization& org) override;
  core::Result<void> Delete(core::OrgId id) override;
  core::Result<core::Organization> Get(core::OrgId id) override;
  core::Result<std::vector<core::Organization>> List(core::CustomerId customer) override;

 private:
  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
