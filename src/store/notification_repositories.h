#pragma once
// The Store's repository of notification rules, their customers' templates and the marks
// that keep an expiry notice to once per rule × object × threshold; part of store.h's
// public face, kept apart by concept.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/notification.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::store {

/// What a rule list asks for (scm-api.md §2.12's filters); every field narrows it.
struct NotificationRuleQuery {
  core::CustomerId customer{};
  std::optional<core::NotificationRuleId> id{};
  std::optional<std::string> description{};  ///< a substring, any case
  std::optional<core::NotificationType> type{};
  std::optional<core::NotificationOrgScope> scope{};
  std::optional<core::OrgId> org{};  ///< rules listing this organization or department
  std::optional<std::int64_t> cert_type_id{};
};

/// A certificate the expiry scan looks at: what its notice needs, nothing more.
struct ExpiringCertificate {
  core::SslId id{};
  core::OrgId org_id{};
  std::int64_t profile_id = 0;
  std::string common_name{};
  std::vector<std::string> names{};
  std::optional<core::AdminId> requester_id{};
  std::string requester{};
  std::string external_requester{};
  std::string status{};
  core::TimePoint expires_at{};
};

/// Certificates of `customer` whose expiry lies in (after, until], with one of `statuses`,
/// not renewed by an issued certificate, not yet marked for (`rule`, `threshold`).
struct ExpiringCertificateQuery {
  core::CustomerId customer{};
  core::TimePoint after{};
  core::TimePoint until{};
  std::vector<std::string> statuses{};
  core::NotificationRuleId rule{};
  std::int64_t threshold = 0;
  /// Only these organizations and departments; empty: all of the customer.
  std::vector<core::OrgId> orgs{};
  std::optional<std::int64_t> profile_id{};
  std::int64_t limit = 1000;
};

/// A domain validation whose expiry the scan looks at.
struct ExpiringValidation {
  std::int64_t id = 0;
  std::string proved_name{};
  std::string method{};
  core::TimePoint expires_at{};
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  [[nodiscard]] virtual core::Result<core::NotificationRuleId> Insert(
      const core::NotificationRule& rule) = 0;
  [[nodiscard]] virtual core::Result<void> Update(const core::NotificationRule& rule) = 0;
  /// Removes the rule and its marks.
  [[nodiscard]] virtual core::Result<void> Delete(core::NotificationRuleId id) = 0;
  [[nodiscard]] virtual core::Result<core::NotificationRule> Get(core::NotificationRuleId id) = 0;
  /// Matching rules by id.
  [[nodiscard]] virtual core::Result<std::vector<core::NotificationRule>> List(
      const NotificationRuleQuery& query) = 0;
  /// The active rules of `type`: of one customer, or (unset) of every customer.
  [[nodiscard]] virtual core::Result<std::vector<core::NotificationRule>> Active(
      std::optional<core::CustomerId> customer, core::NotificationType type) = 0;

  /// The customer's template of `type`, if it has one.
  [[nodiscard]] virtual core::Result<std::optional<core::NotificationTemplate>> GetTemplate(
      core::CustomerId customer, core::NotificationType type) = 0;
  [[nodiscard]] virtual core::Result<std::vector<core::NotificationTemplate>> ListTemplates(
      core::CustomerId customer) = 0;
  [[nodiscard]] virtual core::Result<void> PutTemplate(const core::NotificationTemplate& t) = 0;
  /// False if there was none.
  [[nodiscard]] virtual core::Result<bool> DeleteTemplate(core::CustomerId customer,
                                                          core::NotificationType type) = 0;

  /// Records that `rule` noticed `object` at `threshold`; false if it had already.
  [[nodiscard]] virtual core::Result<bool> Mark(core::NotificationRuleId rule, std::int64_t object,
                                                std::int64_t threshold) = 0;
  [[nodiscard]] virtual core::Result<std::vector<ExpiringCertificate>> ExpiringCertificates(
      const ExpiringCertificateQuery& query) = 0;
  /// Validations of `customer` expiring in (after, until], not yet marked.
  [[nodiscard]] virtual core::Result<std::vector<ExpiringValidation>> ExpiringValidations(
      core::CustomerId customer, core::TimePoint after, core::TimePoint until,
      core::NotificationRuleId rule, std::int64_t threshold, std::int64_t limit) = 0;
};

}  // namespace certkeep::store
