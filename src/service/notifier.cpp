#include "service/notifier.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "authz/authz.h"
#include "service/mail_outbox.h"

namespace certkeep::service {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "SSL Expiration" -> "ssl-expiration", the outbox's kind and part of a dedup key.
std::string Slug(core::NotificationType type) {
  std::string s = Lower(std::string(core::ToString(type)));
  std::replace(s.begin(), s.end(), ' ', '-');
  return s;
}

bool Holds(const core::Admin& a, core::Role role, std::optional<core::OrgId> at) {
  return std::any_of(a.credentials.begin(), a.credentials.end(), [&](const core::Credential& c) {
    return c.role == role && (!at || c.org_id == at);
  });
}

// Who may approve what the event asks for, at `place`.
std::optional<std::pair<authz::Action, std::optional<core::CertType>>> ApprovalOf(
    core::NotificationType type) {
  if (core::IsSslType(type)) return std::pair{authz::Action::kApproveSsl, core::CertType::kSsl};
  if (type == core::NotificationType::kDomainDelegationRequested) {
    return std::pair{authz::Action::kApproveDelegation, std::optional<core::CertType>()};
  }
  return std::nullopt;
}

bool Covers(const core::NotificationRule& rule, const NotificationEvent& event) {
  if (rule.org_scope == core::NotificationOrgScope::kAny) return true;
  if (event.org && core::RuleCovers(rule, *event.org)) return true;
  return std::any_of(event.also.begin(), event.also.end(),
                     [&](const core::Organization& o) { return core::RuleCovers(rule, o); });
}

bool Applies(const core::NotificationRule& rule, const NotificationEvent& event) {
  if (!rule.is_active || rule.type != event.type || rule.customer_id != event.customer) return false;
  if (rule.cert_type_id && event.profile_id && *rule.cert_type_id != *event.profile_id) return false;
  if (event.type == core::NotificationType::kSslRevoked &&
      !(event.by_admin ? rule.revoked_by_admin : rule.revoked_by_user)) {
    return false;
  }
  return Covers(rule, event);
}

bool Fits(const NoticePlan& plan, const NotificationEvent& event) {
  return plan.customer == event.customer && plan.type == event.type;
}

// Does the admin `a` hold the admin role `role` names for an event of `type` at `places`?
// (MRAO: anywhere; SSL RAO: of the place's organization; SSL DRAO: of the department;
// approver: may approve what the event asks for there.)
bool Named(const core::Admin& a, core::NotifyRole role, core::NotificationType type,
           const std::vector<const core::Organization*>& places) {
  if (role == core::NotifyRole::kMrao) return Holds(a, core::Role::kMrao, std::nullopt);
  auto approval = ApprovalOf(type);
  return std::any_of(places.begin(), places.end(), [&](const core::Organization* p) {
    switch (role) {
      case core::NotifyRole::kSslRao:
        return Holds(a, core::Role::kRaoSsl, p->OrganizationId());
      case core::NotifyRole::kSslDrao:
        return p->IsDepartment() && Holds(a, core::Role::kDraoSsl, p->id);
      case core::NotifyRole::kApprover:
        return approval && authz::Authorize(authz::Principal::Of(a), approval->first,
                                            authz::Place::Of(*p), approval->second)
                               .has_value();
      default:
        return false;
    }
  });
}

// Addresses as mail goes to them: lower case, plausible, each once.
std::vector<std::string> Addresses(std::vector<std::string> to) {
  for (auto& a : to) a = Lower(a);
  std::erase_if(to, [](const std::string& a) { return !core::IsPlausibleEmail(a); });
  std::sort(to.begin(), to.end());
  to.erase(std::unique(to.begin(), to.end()), to.end());
  return to;
}

}  // namespace

std::string DateText(core::TimePoint t) {
  auto day = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t));
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return out;
}

notify::TemplateValues CertificateValues(const std::string& common_name,
                                         const std::vector<std::string>& names,
                                         const core::Organization& org, const std::string& status,
                                         const std::string& requester, const std::string& reason,
                                         std::optional<core::TimePoint> expires,
                                         core::TimePoint now) {
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
  notify::TemplateValues values{{"commonName", common_name}, {"names", joined},
                                {"organization", org.name},  {"status", status},
                                {"requester", requester},    {"reason", reason}};
  if (expires) {
    values["expires"] = DateText(*expires);
    auto days =
        std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::days>(*expires - now).count());
    values["daysLeft"] = std::to_string(days);
    values["timeLeft"] = DaysText(days);
  }
  return values;
}

std::string DaysText(std::int64_t days) {
  return days == 1 ? std::string("1 day") : std::to_string(days) + " days";
}

std::vector<std::string> SplitAddresses(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == ';') {
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (!(item.empty() && c == ' ')) {
      item += c;
    }
  }
  return out;
}

core::Result<void> AdminDirectory::Load() {
  if (admins_) return core::Ok();
  auto page = tx_.admins().List({.customer = customer_, .suspended = false, .size = 100000});
  if (!page) return core::Fail(page.error());
  admins_ = std::move(page->admins);
  return core::Ok();
}

core::Result<std::vector<std::string>> AdminDirectory::Recipients(
    const core::NotificationRule& rule, const NotificationEvent& event) {
  std::vector<std::string> to = rule.recipients;
  std::vector<const core::Organization*> places;
  if (event.org) places.push_back(&*event.org);
  for (const auto& o : event.also) places.push_back(&o);
  for (auto role : rule.notify_roles) {
    switch (role) {
      case core::NotifyRole::kRequester:
        if (event.requester_id) {
          auto id = event.requester_id->value;
          auto it = requesters_.find(id);
          if (it == requesters_.end()) {
            auto email = tx_.admins().Email(*event.requester_id);
            if (!email && email.error().code() != core::ErrorCode::kNotFound) {
              return core::Fail(email.error());
            }
            it = requesters_.emplace(id, email ? *email : std::string()).first;
          }
          to.push_back(it->second);
        }
        break;
      case core::NotifyRole::kExternalRequester:
        for (auto& a : SplitAddresses(event.external_requester)) to.push_back(std::move(a));
        break;
      case core::NotifyRole::kOrganizationContact:
        for (const auto* p : places) to.insert(to.end(), p->contact_emails.begin(), p->contact_emails.end());
        break;
      default: {
        if (auto r = Load(); !r) return core::Fail(r.error());
        for (const auto& a : *admins_) {
          if (Named(a, role, event.type, places)) to.push_back(a.email);
        }
      }
    }
  }
  to = Addresses(std::move(to));
  std::erase_if(to, [&](const std::string& a) {
    return std::any_of(event.already.begin(), event.already.end(),
                       [&](const std::string& b) { return Lower(b) == a; });
  });
  return to;
}

core::Result<std::vector<std::string>> AdminDirectory::Approvers(core::NotificationType type,
                                                                 const core::Organization& org) {
  if (auto r = Load(); !r) return core::Fail(r.error());
  std::vector<std::string> to;
  for (const auto& a : *admins_) {
    if (Named(a, core::NotifyRole::kApprover, type, {&org})) to.push_back(a.email);
  }
  return to;
}

core::Result<notify::MailTemplate> Notifier::TemplateFor(store::Transaction& tx,
                                                         core::CustomerId customer,
                                                         core::NotificationType type) {
  auto own = tx.notifications().GetTemplate(customer, type);
  if (!own) return core::Fail(own.error());
  if (*own) return notify::MailTemplate{(*own)->subject, (*own)->text, (*own)->html};
  return notify::DefaultTemplate(type);
}

core::Result<NoticePlan> Notifier::Plan(store::Transaction& tx, core::CustomerId customer,
                                        core::NotificationType type) {
  auto rules = tx.notifications().Active(customer, type);
  if (!rules) return core::Fail(rules.error());
  return PlanOf(tx, customer, type, std::move(*rules));
}

core::Result<NoticePlan> Notifier::PlanOf(store::Transaction& tx, core::CustomerId customer,
                                          core::NotificationType type,
                                          std::vector<core::NotificationRule> rules) {
  auto tmpl = TemplateFor(tx, customer, type);
  if (!tmpl) return core::Fail(tmpl.error());
  return NoticePlan{
      .customer = customer, .type = type, .rules = std::move(rules), .tmpl = std::move(*tmpl)};
}

core::Result<int> Notifier::Emit(store::Transaction& tx, core::TimePoint now,
                                 const NotificationEvent& event, const NoticePlan* plan) {
  std::optional<NoticePlan> read;
  if (plan == nullptr || !Fits(*plan, event)) {
    // The template only when a rule applies: most events have none.
    auto rules = tx.notifications().Active(event.customer, event.type);
    if (!rules) return core::Fail(rules.error());
    std::erase_if(*rules, [&](const core::NotificationRule& r) { return !Applies(r, event); });
    if (rules->empty()) return 0;
    auto planned = PlanOf(tx, event.customer, event.type, std::move(*rules));
    if (!planned) return core::Fail(planned.error());
    read = std::move(*planned);
    plan = &*read;
  }
  AdminDirectory directory(tx, event.customer);
  int written = 0;
  for (const auto& rule : plan->rules) {
    auto n = EmitFor(tx, now, event, rule, directory, plan->tmpl);
    if (!n) return core::Fail(n.error());
    written += *n;
  }
  return written;
}

core::Result<int> Notifier::EmitFor(store::Transaction& tx, core::TimePoint now,
                                    const NotificationEvent& event,
                                    const core::NotificationRule& rule, AdminDirectory& directory,
                                    const notify::MailTemplate& tmpl) {
  if (!Applies(rule, event)) return 0;
  auto to = directory.Recipients(rule, event);
  if (!to) return core::Fail(to.error());
  if (to->empty()) return 0;
  std::string key = "n/" + std::to_string(rule.id.value) + "/" + event.object_kind + "/" +
                    std::to_string(event.object_id);
  if (event.threshold != 0) key += "/" + std::to_string(event.threshold);
  if (auto r = Enqueue(tx, now, event, tmpl, std::move(*to), std::move(key)); !r) {
    return core::Fail(r.error());
  }
  return 1;
}

core::Result<void> Notifier::Send(store::Transaction& tx, core::TimePoint now,
                                  const NotificationEvent& event, std::vector<std::string> to,
                                  const NoticePlan* plan) {
  to = Addresses(std::move(to));
  if (to.empty()) return core::Ok();
  std::optional<notify::MailTemplate> read;
  if (plan == nullptr || !Fits(*plan, event)) {
    auto tmpl = TemplateFor(tx, event.customer, event.type);
    if (!tmpl) return core::Fail(tmpl.error());
    read = std::move(*tmpl);
  }
  return Enqueue(tx, now, event, read ? *read : plan->tmpl, std::move(to),
                 event.object_kind + "/" + std::to_string(event.object_id) + "/" + Slug(event.type));
}

core::Result<void> Notifier::Enqueue(store::Transaction& tx, core::TimePoint now,
                                     const NotificationEvent& event,
                                     const notify::MailTemplate& tmpl, std::vector<std::string> to,
                                     std::string dedup_key) {
  auto values = event.values;
  values["link"] = settings_.console_url + event.path;
  auto text = notify::RenderTemplate(tmpl, values);
  auto mail = NewMail(random_, now, settings_.from, std::move(to), std::move(text.subject),
                      std::move(text.text), "notify." + Slug(event.type), settings_.console_url);
  mail.html = std::move(text.html);
  mail.customer_id = event.customer;
  mail.dedup_key = std::move(dedup_key);
  return tx.outbox().Post(mail);
}

}  // namespace certkeep::service
