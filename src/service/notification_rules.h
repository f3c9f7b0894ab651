#pragma once
// Settings → Notifications (scm-api.md §2.12): the rules of a customer, each seen and
// changed by the admins who cover every place it lists (a customer-wide rule: MRAOs);
// the customer's own templates; and the outbox, where a message that could not be
// delivered shows why (MRAOs).

#include <optional>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/clock.h"
#include "core/notification.h"
#include "core/outbox.h"
#include "core/result.h"
#include "notify/templates.h"
#include "store/store.h"

namespace certkeep::service {

struct NotificationRulePage {
  std::vector<core::NotificationRule> items{};
  std::int64_t total = 0;
};

/// One type's template as a customer sees it: its own, or certkeep's default.
struct TemplateView {
  core::NotificationType type{};
  notify::MailTemplate words{};
  bool is_customized = false;
};

struct OutboxPage {
  std::vector<core::OutboxMail> items{};
  std::int64_t total = 0;
};

class NotificationRules {
 public:
  NotificationRules(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  /// The rules `who` may see that match `query` (its customer filled in), a page of them.
  [[nodiscard]] core::Result<NotificationRulePage> List(const authz::Principal& who,
                                                        store::NotificationRuleQuery query,
                                                        std::int64_t position, std::int64_t size);
  [[nodiscard]] core::Result<core::NotificationRule> Get(const authz::Principal& who,
                                                         core::NotificationRuleId id);
  /// A new rule of the caller's customer, checked (core::CheckNotificationRule) and
  /// allowed for every place it lists.
  [[nodiscard]] core::Result<core::NotificationRuleId> Create(const authz::Principal& who,
                                                              core::NotificationRule rule);
  /// Replaces the rule `id` with `rule`.
  [[nodiscard]] core::Result<void> Update(const authz::Principal& who, core::NotificationRuleId id,
                                          core::NotificationRule rule);
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::NotificationRuleId id);

  /// Every type's template (MRAO).
  [[nodiscard]] core::Result<std::vector<TemplateView>> Templates(const authz::Principal& who);
  [[nodiscard]] core::Result<void> PutTemplate(const authz::Principal& who,
                                               core::NotificationType type,
                                               notify::MailTemplate words);
  /// Back to certkeep's default.
  [[nodiscard]] core::Result<void> ResetTemplate(const authz::Principal& who,
                                                 core::NotificationType type);

  /// The customer's outbox, newest first (MRAO).
  [[nodiscard]] core::Result<OutboxPage> Outbox(const authz::Principal& who,
                                                store::OutboxQuery query);
  /// A FAILED message pending again, tried at once.
  [[nodiscard]] core::Result<void> Retry(const authz::Principal& who, core::OutboxId id);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

/// The rules a new organization starts with: its SSL certificates (and its departments')
/// expiring in 30 and in 7 days, to the requester, the external requester and the SSL
/// RAOs and DRAOs.
[[nodiscard]] core::Result<void> AddDefaultRules(store::Transaction& tx,
                                                 const core::Organization& org);

/// An organization or department going away: rules listing it list it no more, and a rule
/// left listing nothing is removed (it would cover nothing).
[[nodiscard]] core::Result<void> ForgetInNotificationRules(store::Transaction& tx,
                                                           core::CustomerId customer,
                                                           core::OrgId org);

}  // namespace certkeep::service
