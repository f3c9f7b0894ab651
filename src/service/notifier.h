#pragma once
// Notifications: an event (a certificate issued, a delegation requested, a certificate
// about to expire) becomes mail in the outbox, inside the transaction of the event, for
// every active rule of its customer that covers it (core/notification.h), rendered from
// the customer's template or certkeep's own (notify/templates.h). A rule writes one message
// per object and threshold: the outbox's dedup key sees to it, so an event replayed or a
// job run twice never mails twice.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/notification.h"
#include "core/random.h"
#include "core/result.h"
#include "notify/templates.h"
#include "store/store.h"

namespace certkeep::service {

/// Sender and links of every message.
struct MailSettings {
  std::string from = "certkeep <certkeep@localhost>";
  std::string console_url = "https://localhost:8443";  ///< base of links in email
};

/// What happened, and what its mail needs.
struct NotificationEvent {
  core::NotificationType type = core::NotificationType::kSslIssued;
  core::CustomerId customer{};
  /// Where it happened; unset: only ANY rules cover it.
  std::optional<core::Organization> org{};
  /// Organizations and departments it concerns besides `org` (a domain's delegations).
  std::vector<core::Organization> also{};
  /// "ssl", "domain", "admin", "acme-account", "validation": with `object_id` the
  /// outbox's dedup key.
  std::string object_kind{};
  std::int64_t object_id = 0;
  std::int64_t threshold = 0;  ///< the expiry scan's; 0 for events
  std::optional<std::int64_t> profile_id{};  ///< an SSL certificate's type
  std::optional<core::AdminId> requester_id{};
  std::string external_requester{};  ///< "a@x, b@y"
  bool by_admin = true;              ///< SSL Revoked: an admin's revocation, or the subscriber's
  notify::TemplateValues values{};   ///< the placeholders; "link" is filled from `path`
  std::string path{};                ///< the console page, "/certificates/ssl/7"
  /// Addresses that had this event's own mail already (the requester's "issued"), so a rule
  /// naming them again does not mail them twice.
  std::vector<std::string> already{};
};

/// What the mail of one customer's events of one type needs from the store — its active
/// rules for the type and its template — read ahead of the write that emits them: in a
/// read transaction, the registry cache answers it without a statement (0016), and the
/// write then reads nothing for it. Taken before the event as the rest of a decision is,
/// so a rule changed in between orders the event before the change.
struct NoticePlan {
  core::CustomerId customer{};
  core::NotificationType type = core::NotificationType::kSslIssued;
  std::vector<core::NotificationRule> rules{};
  notify::MailTemplate tmpl{};
};

/// The addresses of the admins of one customer, by their part; loaded once per use.
class AdminDirectory {
 public:
  AdminDirectory(store::Transaction& tx, core::CustomerId customer) : tx_(tx), customer_(customer) {}
  /// The addresses `rule` names for `event` (its roles and its fixed addresses).
  [[nodiscard]] core::Result<std::vector<std::string>> Recipients(
      const core::NotificationRule& rule, const NotificationEvent& event);
  /// The addresses of the admins who may approve what an event of `type` at `org` asks for.
  [[nodiscard]] core::Result<std::vector<std::string>> Approvers(core::NotificationType type,
                                                                 const core::Organization& org);

 private:
  core::Result<void> Load();
  store::Transaction& tx_;
  core::CustomerId customer_;
  std::optional<std::vector<core::Admin>> admins_{};
  std::map<std::int64_t, std::string> requesters_{};
};

class Notifier {
 public:
  Notifier(core::RandomSource& random, MailSettings settings)
      : random_(random), settings_(std::move(settings)) {}
  void SetConsoleUrl(std::string url) { settings_.console_url = std::move(url); }
  [[nodiscard]] const MailSettings& settings() const { return settings_; }

  /// Writes the mail of every active rule of `event.type` covering it; the rules and the
  /// template from `plan` when it is the plan of the event's customer and type.
  [[nodiscard]] core::Result<int> Emit(store::Transaction& tx, core::TimePoint now,
                                       const NotificationEvent& event,
                                       const NoticePlan* plan = nullptr);
  /// Writes the mail of `rules` (already known to cover `event`) to their recipients, once
  /// per rule; `directory` and `tmpl` are the caller's, reused across events.
  [[nodiscard]] core::Result<int> EmitFor(store::Transaction& tx, core::TimePoint now,
                                          const NotificationEvent& event,
                                          const core::NotificationRule& rule,
                                          AdminDirectory& directory,
                                          const notify::MailTemplate& tmpl);
  /// The event's own mail to `to` (the requester's "issued"), from the same templates;
  /// once per event and object. The template from `plan` as Emit takes it.
  [[nodiscard]] core::Result<void> Send(store::Transaction& tx, core::TimePoint now,
                                        const NotificationEvent& event, std::vector<std::string> to,
                                        const NoticePlan* plan = nullptr);
  /// The plan of `customer`'s events of `type`.
  [[nodiscard]] static core::Result<NoticePlan> Plan(store::Transaction& tx,
                                                     core::CustomerId customer,
                                                     core::NotificationType type);
  /// The template `customer` uses for `type`.
  [[nodiscard]] static core::Result<notify::MailTemplate> TemplateFor(store::Transaction& tx,
                                                                      core::CustomerId customer,
                                                                      core::NotificationType type);

 private:
  // The plan with `rules`, and the template read for it.
  static core::Result<NoticePlan> PlanOf(store::Transaction& tx, core::CustomerId customer,
                                         core::NotificationType type,
                                         std::vector<core::NotificationRule> rules);
  core::Result<void> Enqueue(store::Transaction& tx, core::TimePoint now,
                             const NotificationEvent& event, const notify::MailTemplate& tmpl,
                             std::vector<std::string> to, std::string dedup_key);
  core::RandomSource& random_;
  MailSettings settings_;
};

/// "a@x, b@y;c@z" as addresses.
[[nodiscard]] std::vector<std::string> SplitAddresses(const std::string& text);

/// The placeholders of a message about an SSL certificate.
[[nodiscard]] notify::TemplateValues CertificateValues(
    const std::string& common_name, const std::vector<std::string>& names,
    const core::Organization& org, const std::string& status, const std::string& requester,
    const std::string& reason, std::optional<core::TimePoint> expires, core::TimePoint now);

/// "2026-12-06", the date placeholders show.
[[nodiscard]] std::string DateText(core::TimePoint t);
/// "1 day", "30 days": the {{timeLeft}} of a template.
[[nodiscard]] std::string DaysText(std::int64_t days);

}  // namespace certkeep::service
