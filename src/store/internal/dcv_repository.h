#pragma once
// Domain control validation in portable SQL: one dcv_order row per name being proved,
// one domain_validation row per name and method proved.

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlDcvRepository final : public DcvRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlDcvRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::DcvOrderId> PutOrder(const core::DcvOrder& order) override;
  core::Result<core::DcvOrder> GetOrder(core::DcvOrderId id) override;
  core::Result<core::DcvOrder> FindOrder(core::CustomerId customer,
                                         const std::string& name) override;
  core::Result<std::vector<core::DcvOrder>> ListOrders(core::CustomerId customer) override;
  core::Result<void> UpdateOrder(const core::DcvOrder& order) override;
  core::Result<void> DeleteOrder(core::DcvOrderId id) override;
  core::Result<std::vector<core::DcvOrder>> DueOrders(core::TimePoint now, int limit) override;
  core::Result<core::DomainValidationId> PutValidation(
      const core::DomainValidation& validation) override;
  core::Result<std::vector<core::DomainValidation>> ValidationsFor(
      core::CustomerId customer, const std::string& name) override;
  core::Result<std::vector<core::DomainValidation>> ListValidations(
      core::CustomerId customer) override;
  core::Result<std::int64_t> DeleteValidations(core::CustomerId customer,
                                               const std::string& name) override;
  core::Result<std::vector<core::DomainValidation>> DueRechecks(core::TimePoint now,
                                                                core::TimePoint expiring_before,
                                                                core::TimePoint checked_before,
                                                                int limit) override;
  core::Result<void> UpdateValidation(const core::DomainValidation& validation) override;

 private:
  core::Result<std::vector<core::DcvOrder>> Orders(const std::string& rest,
                                                   std::span<const SqlValue> params);
  core::Result<std::vector<core::DomainValidation>> Validations(const std::string& rest,
                                                                std::span<const SqlValue> params);

  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
