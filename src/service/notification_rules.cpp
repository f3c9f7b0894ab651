#include "service/notification_rules.h"

#include <nlohmann/json.hpp>

#include "service/audit_log.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;
using nlohmann::json;

core::Error NotFound(core::NotificationRuleId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "Notification " + std::to_string(id.value) + " not found");
}

json Summary(const core::NotificationRule& r) {
  std::vector<std::string> roles;
  for (auto role : r.notify_roles) roles.emplace_back(core::ToString(role));
  std::vector<std::int64_t> orgs;
  for (auto o : r.org_ids) orgs.push_back(o.value);
  return {{"description", r.description}, {"type", core::ToString(r.type)},
          {"active", r.is_active},        {"scope", core::ToString(r.org_scope)},
          {"orgs", orgs},                 {"roles", roles},
          {"recipients", r.recipients},   {"days", r.days}};
}

// May `who` do `action` with `rule`? Every place it lists must be one the caller covers;
// a customer-wide rule needs the customer. A place of another customer is unknown.
core::Result<void> CustomerWide(const authz::Principal& who, Action action);

core::Result<void> Allowed(store::Transaction& tx, const authz::Principal& who, Action action,
                           const core::NotificationRule& rule) {
  if (rule.org_scope == core::NotificationOrgScope::kAny) return CustomerWide(who, action);
  for (auto id : rule.org_ids) {
    auto org = tx.organizations().Get(id);
    if (!org && org.error().code() != core::ErrorCode::kNotFound) return core::Fail(org.error());
    if (!org || org->customer_id != who.customer_id) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "orgData.orgDelegations: " + std::to_string(id.value) +
                            " is not an organization or department of this customer");
    }
    if (rule.org_scope == core::NotificationOrgScope::kAnyDept && org->IsDepartment()) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "orgData.orgDelegations: ANYDEPT lists organizations; " +
                            std::to_string(id.value) + " is a department (use SELECTED)");
    }
    if (auto r = authz::Authorize(who, action, Place::Of(*org)); !r) return r;
  }
  return core::Ok();
}

// `rule` checked for the caller's customer: its shape, its certificate type, its places.
core::Result<core::NotificationRule> Checked(store::Transaction& tx, const authz::Principal& who,
                                             core::NotificationRule rule) {
  rule.customer_id = who.customer_id;
  auto checked = core::CheckNotificationRule(std::move(rule));
  if (!checked) return core::Fail(checked.error());
  if (checked->cert_type_id) {
    auto profile = tx.profiles().Get(core::ProfileId{*checked->cert_type_id});
    if (!profile || profile->kind != core::ProfileKind::kTlsServer) {
      if (!profile && profile.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(profile.error());
      }
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "additionalData.certTypeId: " + std::to_string(*checked->cert_type_id) +
                            " is not an SSL certificate type (GET /api/ssl/v1/types)");
    }
  }
  if (auto r = Allowed(tx, who, Action::kManageNotifications, *checked); !r) {
    return core::Fail(r.error());
  }
  return checked;
}

// Loads `id`, hiding another customer's rule, and one the caller may not see, as unknown.
core::Result<core::NotificationRule> Load(store::Transaction& tx, const authz::Principal& who,
                                          core::NotificationRuleId id) {
  auto rule = tx.notifications().Get(id);
  if (!rule) {
    if (rule.error().code() == core::ErrorCode::kNotFound) return core::Fail(NotFound(id));
    return core::Fail(rule.error());
  }
  if (rule->customer_id != who.customer_id) return core::Fail(NotFound(id));
  if (auto r = Allowed(tx, who, Action::kListNotifications, *rule); !r) {
    if (r.error().code() == core::ErrorCode::kForbidden) return core::Fail(NotFound(id));
    return core::Fail(r.error());
  }
  return rule;
}

// The whole customer's: its rules for every place, its templates, its outbox. An MRAO's.
core::Result<void> CustomerWide(const authz::Principal& who, Action action) {
  if (auto r = authz::Authorize(who, action, Place::Customer(who.customer_id)); !r) return r;
  if (!who.IsMrao()) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kOutOfScope,
                      "only an MRAO covers the whole customer (customer-wide rules, templates "
                      "and the outbox)");
  }
  return core::Ok();
}

core::Result<void> CustomerWide(const authz::Principal& who) {
  return CustomerWide(who, Action::kManageNotifications);
}

}  // namespace

core::Result<NotificationRulePage> NotificationRules::List(const authz::Principal& who,
                                                           store::NotificationRuleQuery query,
                                                           std::int64_t position,
                                                           std::int64_t size) {
  query.customer = who.customer_id;
  return store_.Read([&](store::Transaction& tx) -> core::Result<NotificationRulePage> {
    auto all = tx.notifications().List(query);
    if (!all) return core::Fail(all.error());
    NotificationRulePage page;
    for (auto& rule : *all) {
      auto r = Allowed(tx, who, Action::kListNotifications, rule);
      if (!r) {
        if (r.error().code() == core::ErrorCode::kForbidden) continue;
        return core::Fail(r.error());
      }
      if (page.total >= position && page.total < position + size) page.items.push_back(std::move(rule));
      ++page.total;
    }
    return page;
  });
}

core::Result<core::NotificationRule> NotificationRules::Get(const authz::Principal& who,
                                                            core::NotificationRuleId id) {
  return store_.Read([&](store::Transaction& tx) { return Load(tx, who, id); });
}

core::Result<core::NotificationRuleId> NotificationRules::Create(const authz::Principal& who,
                                                                 core::NotificationRule rule) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::NotificationRuleId> {
    auto checked = Checked(tx, who, rule);
    if (!checked) return core::Fail(checked.error());
    auto id = tx.notifications().Insert(*checked);
    if (!id) return core::Fail(id.error());
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "notification.create", "notification", id->value,
                                 json{{"after", Summary(*checked)}}.dump()));
    if (!a) return core::Fail(a.error());
    return *id;
  });
}

core::Result<void> NotificationRules::Update(const authz::Principal& who,
                                             core::NotificationRuleId id,
                                             core::NotificationRule rule) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto before = Load(tx, who, id);
    if (!before) return core::Fail(before.error());
    if (auto r = Allowed(tx, who, Action::kManageNotifications, *before); !r) return r;
    auto checked = Checked(tx, who, rule);
    if (!checked) return core::Fail(checked.error());
    checked->id = id;
    if (auto r = tx.notifications().Update(*checked); !r) return r;
    auto a = RecordAudit(
        tx, clock_,
        AuditBy(who, "notification.edit", "notification", id.value,
                json{{"before", Summary(*before)}, {"after", Summary(*checked)}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<void> NotificationRules::Delete(const authz::Principal& who,
                                             core::NotificationRuleId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto rule = Load(tx, who, id);
    if (!rule) return core::Fail(rule.error());
    if (auto r = Allowed(tx, who, Action::kManageNotifications, *rule); !r) return r;
    if (auto r = tx.notifications().Delete(id); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "notification.delete", "notification", id.value,
                                 json{{"before", Summary(*rule)}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<std::vector<TemplateView>> NotificationRules::Templates(const authz::Principal& who) {
  if (auto r = CustomerWide(who); !r) return core::Fail(r.error());
  auto own = store_.Read(
      [&](store::Transaction& tx) { return tx.notifications().ListTemplates(who.customer_id); });
  if (!own) return core::Fail(own.error());
  std::vector<TemplateView> out;
  for (auto type : core::AllNotificationTypes()) {
    TemplateView v{type, notify::DefaultTemplate(type), false};
    for (const auto& t : *own) {
      if (t.type == type) v = {type, {t.subject, t.text, t.html}, true};
    }
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<void> NotificationRules::PutTemplate(const authz::Principal& who,
                                                  core::NotificationType type,
                                                  notify::MailTemplate words) {
  if (auto r = CustomerWide(who); !r) return r;
  if (words.subject.empty() || words.text.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "subject and text are required (html may be empty)");
  }
  if (words.subject.size() > notify::kTemplateMaxSubject ||
      words.text.size() > notify::kTemplateMaxBody || words.html.size() > notify::kTemplateMaxBody) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "subject: at most 512 characters; text and html: at most 64 KiB each");
  }
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    if (auto r = tx.notifications().PutTemplate(
            {who.customer_id, type, words.subject, words.text, words.html});
        !r) {
      return r;
    }
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "notification.template", "notification", 0,
                                 json{{"type", core::ToString(type)}, {"subject", words.subject}}
                                     .dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<void> NotificationRules::ResetTemplate(const authz::Principal& who,
                                                    core::NotificationType type) {
  if (auto r = CustomerWide(who); !r) return r;
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto removed = tx.notifications().DeleteTemplate(who.customer_id, type);
    if (!removed) return core::Fail(removed.error());
    if (!*removed) return core::Ok();
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "notification.template-reset", "notification", 0,
                                 json{{"type", core::ToString(type)}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<OutboxPage> NotificationRules::Outbox(const authz::Principal& who,
                                                   store::OutboxQuery query) {
  if (auto r = CustomerWide(who); !r) return core::Fail(r.error());
  query.customer = who.customer_id;
  return store_.Read([&](store::Transaction& tx) -> core::Result<OutboxPage> {
    auto items = tx.outbox().List(query);
    if (!items) return core::Fail(items.error());
    auto total = tx.outbox().Count(query);
    if (!total) return core::Fail(total.error());
    return OutboxPage{std::move(*items), *total};
  });
}

core::Result<void> NotificationRules::Retry(const authz::Principal& who, core::OutboxId id) {
  if (auto r = CustomerWide(who); !r) return r;
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto mail = tx.outbox().Get(id);
    if (!mail || mail->customer_id != who.customer_id) {
      if (!mail && mail.error().code() != core::ErrorCode::kNotFound) return core::Fail(mail.error());
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                        "Message " + std::to_string(id.value) + " not found");
    }
    if (mail->status != core::OutboxStatus::kFailed) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kInvalidField,
                        "only a FAILED message is retried; this one is " +
                            std::string(core::ToString(mail->status)));
    }
    mail->status = core::OutboxStatus::kPending;
    mail->attempts = 0;
    mail->next_attempt_at = clock_.Now();
    if (auto r = tx.outbox().Update(*mail); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "notification.retry", "mail", id.value,
                                 json{{"messageId", mail->message_id}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
}

core::Result<void> AddDefaultRules(store::Transaction& tx, const core::Organization& org) {
  for (int days : {30, 7}) {
    core::NotificationRule rule{
        .customer_id = org.customer_id,
        .description = "SSL certificate expiring in " + std::to_string(days) + " days",
        .type = core::NotificationType::kSslExpiration,
        .org_scope = core::NotificationOrgScope::kAnyDept,
        .org_ids = {org.id},
        .notify_roles = {core::NotifyRole::kRequester, core::NotifyRole::kExternalRequester,
                         core::NotifyRole::kSslRao, core::NotifyRole::kSslDrao},
        .days = days};
    auto checked = core::CheckNotificationRule(std::move(rule));
    if (!checked) return core::Fail(checked.error());
    if (auto id = tx.notifications().Insert(*checked); !id) return core::Fail(id.error());
  }
  return core::Ok();
}

core::Result<void> ForgetInNotificationRules(store::Transaction& tx, core::CustomerId customer,
                                             core::OrgId org) {
  auto listing = tx.notifications().List({.customer = customer, .org = org});
  if (!listing) return core::Fail(listing.error());
  for (auto& rule : *listing) {
    std::erase(rule.org_ids, org);
    auto r = rule.org_ids.empty() ? tx.notifications().Delete(rule.id)
                                  : tx.notifications().Update(rule);
    if (!r) return r;
  }
  return core::Ok();
}

}  // namespace certkeep::service
