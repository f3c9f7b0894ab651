#pragma once
// A customer's custom fields in portable SQL: one custom_field row each.

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlCustomFieldRepository final : public CustomFieldRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlCustomFieldRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::CustomFieldId> Insert(const core::CustomField& field) override;
  core::Result<void> Update(const core::CustomField& field) override;
  core::Result<void> Delete(core::CustomFieldId id) override;
  core::Result<core::CustomField> Get(core::CustomFieldId id) override;
  core::Result<std::vector<core::CustomField>> List(
      core::CustomerId customer, std::optional<core::CertType> cert_type) override;

 private:
  // Conflict if another field than `self` of the customer and type has the name (checked
  // before writing, so a taken one never aborts a PostgreSQL transaction).
  core::Result<void> CheckNameFree(const core::CustomField& field);

  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
