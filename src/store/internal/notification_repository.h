#pragma once
// Notification rules, templates and marks in portable SQL.

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlNotificationRepository final : public NotificationRepository {
 public:
  /// `registry` answers Active and GetTemplate (from its cache in a read transaction).
  SqlNotificationRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::NotificationRuleId> Insert(const core::NotificationRule& rule) override;
  core::Result<void> Update(const core::NotificationRule& rule) override;
  core::Result<void> Delete(core::NotificationRuleId id) override;
  core::Result<core::NotificationRule> Get(core::NotificationRuleId id) override;
  core::Result<std::vector<core::NotificationRule>> List(const NotificationRuleQuery& query) override;
  core::Result<std::vector<core::NotificationRule>> Active(std::optional<core::CustomerId> customer,
                                                           core::NotificationType type) override;
  core::Result<std::optional<core::NotificationTemplate>> GetTemplate(
      core::CustomerId customer, core::NotificationType type) override;
  core::Result<std::vector<core::NotificationTemplate>> ListTemplates(
      core::CustomerId customer) override;
  core::Result<void> PutTemplate(const core::NotificationTemplate& t) override;
  core::Result<bool> DeleteTemplate(core::CustomerId customer, core::NotificationType type) override;
  core::Result<bool> Mark(core::NotificationRuleId rule, std::int64_t object,
                          std::int64_t threshold) override;
  core::Result<std::vector<ExpiringCertificate>> ExpiringCertificates(
      const ExpiringCertificateQuery& query) override;
  core::Result<std::vector<ExpiringValidation>> ExpiringValidations(
      core::CustomerId customer, core::TimePoint after, core::TimePoint until,
      core::NotificationRuleId rule, std::int64_t threshold, std::int64_t limit) override;

 private:
  core::Result<std::vector<core::NotificationRule>> Select(const std::string& where,
                                                           std::span<const SqlValue> params);
  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
