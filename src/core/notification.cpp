#include "core/notification.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/words.h"

namespace certkeep::core {

namespace {

constexpr Word<NotificationType> kTypes[] = {
    {NotificationType::kSslAwaitingApproval, "SSL Awaiting Approval"},
    {NotificationType::kSslApproved, "SSL Approved"},
    {NotificationType::kSslIssued, "SSL Issued"},
    {NotificationType::kSslDeclined, "SSL Declined"},
    {NotificationType::kSslRevoked, "SSL Revoked"},
    {NotificationType::kSslExpiration, "SSL Expiration"},
    {NotificationType::kSslExpired, "SSL Expired"},
    {NotificationType::kDomainValidationExpiration, "Domain Validation Expiration"},
    {NotificationType::kDomainDelegationRequested, "Domain Delegation Requested"},
    {NotificationType::kAdminCreated, "Admin Created"},
    {NotificationType::kAcmeAccountCreated, "ACME Account Created"},
};
constexpr NotificationType kTypeOrder[] = {
    NotificationType::kSslAwaitingApproval,        NotificationType::kSslApproved,
    NotificationType::kSslIssued,                  NotificationType::kSslDeclined,
    NotificationType::kSslRevoked,                 NotificationType::kSslExpiration,
    NotificationType::kSslExpired,                 NotificationType::kDomainValidationExpiration,
    NotificationType::kDomainDelegationRequested,  NotificationType::kAdminCreated,
    NotificationType::kAcmeAccountCreated,
};
constexpr Word<NotificationOrgScope> kScopes[] = {
    {NotificationOrgScope::kAny, "ANY"},
    {NotificationOrgScope::kAnyDept, "ANYDEPT"},
    {NotificationOrgScope::kSelected, "SELECTED"},
};
constexpr Word<NotifyRole> kRoles[] = {
    {NotifyRole::kRequester, "REQUESTER"},
    {NotifyRole::kExternalRequester, "EXTERNAL_REQUESTER"},
    {NotifyRole::kApprover, "APPROVER"},
    {NotifyRole::kMrao, "MRAO"},
    {NotifyRole::kSslRao, "SSL_RAO"},
    {NotifyRole::kSslDrao, "SSL_DRAO"},
    {NotifyRole::kOrganizationContact, "ORGANIZATION_CONTACT"},
};
constexpr NotifyRole kRoleOrder[] = {
    NotifyRole::kRequester, NotifyRole::kExternalRequester, NotifyRole::kApprover,
    NotifyRole::kMrao,      NotifyRole::kSslRao,            NotifyRole::kSslDrao,
    NotifyRole::kOrganizationContact,
};
constexpr Word<NotificationFrequency> kFrequencies[] = {
    {NotificationFrequency::kOnce, "ONCE"},
    {NotificationFrequency::kDaily, "DAILY"},
};

Error Invalid(std::string detail) {
  return Error(ErrorCode::kMalformed, Reason::kInvalidField, std::move(detail));
}

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::span<const NotificationType> AllNotificationTypes() { return kTypeOrder; }
std::string_view ToString(NotificationType type) { return WordOf<NotificationType>(kTypes, type); }
std::optional<NotificationType> ParseNotificationType(std::string_view text) {
  return ValueOf<NotificationType>(kTypes, text);
}

bool IsThresholdType(NotificationType type) {
  return type == NotificationType::kSslExpiration ||
         type == NotificationType::kDomainValidationExpiration;
}

bool IsSslType(NotificationType type) {
  switch (type) {
    case NotificationType::kSslAwaitingApproval:
    case NotificationType::kSslApproved:
    case NotificationType::kSslIssued:
    case NotificationType::kSslDeclined:
    case NotificationType::kSslRevoked:
    case NotificationType::kSslExpiration:
    case NotificationType::kSslExpired:
      return true;
    default:
      return false;
  }
}

std::string_view ToString(NotificationOrgScope scope) {
  return WordOf<NotificationOrgScope>(kScopes, scope);
}
std::optional<NotificationOrgScope> ParseNotificationOrgScope(std::string_view text) {
  return ValueOf<NotificationOrgScope>(kScopes, text);
}

std::span<const NotifyRole> AllNotifyRoles() { return kRoleOrder; }
std::string_view ToString(NotifyRole role) { return WordOf<NotifyRole>(kRoles, role); }
std::optional<NotifyRole> ParseNotifyRole(std::string_view text) {
  return ValueOf<NotifyRole>(kRoles, text);
}

std::string_view ToString(NotificationFrequency freq) {
  return WordOf<NotificationFrequency>(kFrequencies, freq);
}
std::optional<NotificationFrequency> ParseNotificationFrequency(std::string_view text) {
  return ValueOf<NotificationFrequency>(kFrequencies, text);
}

Result<NotificationRule> CheckNotificationRule(NotificationRule rule) {
  auto& d = rule.description;
  d.erase(d.begin(), std::find_if(d.begin(), d.end(), [](unsigned char c) { return !std::isspace(c); }));
  d.erase(std::find_if(d.rbegin(), d.rend(), [](unsigned char c) { return !std::isspace(c); }).base(),
          d.end());
  if (d.empty()) return Fail(ErrorCode::kMalformed, Reason::kMissingField, "description is required");
  if (d.size() > kNotificationMaxDescription) {
    return Fail(Invalid("description: at most " + std::to_string(kNotificationMaxDescription) +
                        " characters"));
  }
  if (IsThresholdType(rule.type)) {
    if (rule.days < 1 || rule.days > kNotificationMaxDays) {
      return Fail(Invalid("additionalData.days: " + std::string(ToString(rule.type)) +
                          " needs a number of days from 1 to " +
                          std::to_string(kNotificationMaxDays)));
    }
  } else {
    rule.days = 0;
    rule.freq = NotificationFrequency::kOnce;
  }
  if (!IsSslType(rule.type)) rule.cert_type_id.reset();
  if (rule.type != NotificationType::kSslRevoked) {
    rule.revoked_by_admin = true;
    rule.revoked_by_user = true;
  }
  SortUnique(rule.org_ids);
  if (rule.org_scope == NotificationOrgScope::kAny) {
    rule.org_ids.clear();
  } else if (rule.org_ids.empty()) {
    return Fail(Invalid("orgData.orgDelegations: " + std::string(ToString(rule.org_scope)) +
                        " needs at least one organization or department"));
  }
  SortUnique(rule.notify_roles);
  for (auto& r : rule.recipients) {
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) {
      return static_cast<char>(std::tolower(c));
    });
    if (!IsPlausibleEmail(r)) return Fail(Invalid("recipientData.recipients: '" + r + "' is not an email address"));
  }
  SortUnique(rule.recipients);
  if (rule.recipients.size() > kNotificationMaxRecipients) {
    return Fail(Invalid("recipientData.recipients: at most " +
                        std::to_string(kNotificationMaxRecipients) + " addresses"));
  }
  if (rule.notify_roles.empty() && rule.recipients.empty()) {
    return Fail(ErrorCode::kMalformed, Reason::kMissingField,
                "recipientData: name at least one role (notifyRoles) or address (recipients)");
  }
  return rule;
}

bool RuleCovers(const NotificationRule& rule, const Organization& org) {
  auto listed = [&](OrgId id) {
    return std::binary_search(rule.org_ids.begin(), rule.org_ids.end(), id);
  };
  switch (rule.org_scope) {
    case NotificationOrgScope::kAny:
      return org.customer_id == rule.customer_id;
    case NotificationOrgScope::kAnyDept:
      return listed(org.OrganizationId());
    case NotificationOrgScope::kSelected:
      return listed(org.id);
  }
  return false;
}

std::int64_t ThresholdOf(const NotificationRule& rule, TimePoint now) {
  if (rule.freq == NotificationFrequency::kDaily) {
    return std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  }
  return rule.days;
}

}  // namespace certkeep::core
