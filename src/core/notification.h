#pragma once
// Notification rules (SCM's Settings → Notifications, scm-api.md §2.12): on which event,
// for which organizations and departments, to whom. Events of certificates, domains,
// admins and ACME accounts write mail through the outbox in the transaction that causes
// them; expiry is found by a scan, once per rule × object × threshold.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct NotificationRuleTag {};
using NotificationRuleId = Id<NotificationRuleTag>;

/// What a rule listens to; written as SCM's console names them ("SSL Expiration").
/// Adding one? Add its word and its default template (notify/templates.cpp).
enum class NotificationType {
  kSslAwaitingApproval,
  kSslApproved,
  kSslIssued,
  kSslDeclined,
  kSslRevoked,
  kSslExpiration,  ///< `days` before a certificate expires
  kSslExpired,
  kDomainValidationExpiration,  ///< `days` before a domain validation lapses
  kDomainDelegationRequested,
  kAdminCreated,
  kAcmeAccountCreated,
};
[[nodiscard]] std::span<const NotificationType> AllNotificationTypes();
[[nodiscard]] std::string_view ToString(NotificationType type);
[[nodiscard]] std::optional<NotificationType> ParseNotificationType(std::string_view text);
/// The types found by the expiry scan, which take `days`.
[[nodiscard]] bool IsThresholdType(NotificationType type);
/// The types about an SSL certificate, which `cert_type_id` narrows.
[[nodiscard]] bool IsSslType(NotificationType type);

/// Which organizations and departments a rule covers: ANY (all of the customer),
/// ANYDEPT (the listed organizations and all their departments), SELECTED (exactly the
/// listed organizations and departments).
enum class NotificationOrgScope { kAny, kAnyDept, kSelected };
[[nodiscard]] std::string_view ToString(NotificationOrgScope scope);
[[nodiscard]] std::optional<NotificationOrgScope> ParseNotificationOrgScope(std::string_view text);

/// Recipients named by their part in the event.
enum class NotifyRole {
  kRequester,          ///< the admin who asked (or acted)
  kExternalRequester,  ///< the addresses a request names
  kApprover,           ///< every admin who may approve it
  kMrao,
  kSslRao,   ///< SSL RAOs of the organization
  kSslDrao,  ///< SSL DRAOs of the department
  kOrganizationContact,
};
[[nodiscard]] std::span<const NotifyRole> AllNotifyRoles();
[[nodiscard]] std::string_view ToString(NotifyRole role);
[[nodiscard]] std::optional<NotifyRole> ParseNotifyRole(std::string_view text);

/// ONCE: one message per object and threshold; DAILY: one a day while it applies.
enum class NotificationFrequency { kOnce, kDaily };
[[nodiscard]] std::string_view ToString(NotificationFrequency freq);
[[nodiscard]] std::optional<NotificationFrequency> ParseNotificationFrequency(std::string_view text);

struct NotificationRule {
  NotificationRuleId id{};
  CustomerId customer_id{};
  std::string description{};
  NotificationType type = NotificationType::kSslExpiration;
  bool is_active = true;
  NotificationOrgScope org_scope = NotificationOrgScope::kAny;
  std::vector<OrgId> org_ids{};  ///< for ANYDEPT and SELECTED
  std::vector<NotifyRole> notify_roles{};
  std::vector<std::string> recipients{};  ///< fixed addresses
  int days = 0;                           ///< threshold types only
  std::optional<std::int64_t> cert_type_id{};  ///< SSL types: one profile, or any
  NotificationFrequency freq = NotificationFrequency::kOnce;
  bool revoked_by_admin = true;  ///< SSL Revoked: revocations by an admin
  bool revoked_by_user = true;   ///< SSL Revoked: by the subscriber (ACME, the key's holder)
};

inline constexpr std::size_t kNotificationMaxDescription = 256;
inline constexpr int kNotificationMaxDays = 365;
inline constexpr std::size_t kNotificationMaxRecipients = 50;

/// A rule checked and normalised (description trimmed, lists unique, fields that do not
/// apply to its type cleared): Malformed naming what is wrong.
[[nodiscard]] Result<NotificationRule> CheckNotificationRule(NotificationRule rule);

/// Does `rule` cover an event at `org` (an organization, or a department and its parent)?
[[nodiscard]] bool RuleCovers(const NotificationRule& rule, const Organization& org);

/// The threshold an expiry notice is kept once for: the rule's days (ONCE), or the day
/// (DAILY), so that each day writes one.
[[nodiscard]] std::int64_t ThresholdOf(const NotificationRule& rule, TimePoint now);

}  // namespace certkeep::core

namespace certkeep::core {

/// A customer's own words for one type (notify/templates has certkeep's defaults).
struct NotificationTemplate {
  CustomerId customer_id{};
  NotificationType type = NotificationType::kSslIssued;
  std::string subject{};
  std::string text{};
  std::string html{};
};

}  // namespace certkeep::core
