#include "service/expiry_scan.h"

#include <map>

namespace certkeep::service {

namespace {

using core::NotificationType;

// The organizations and departments a rule's SQL filter names: none for ANY (all), the
// listed ones for SELECTED, the listed organizations and their departments for ANYDEPT.
std::vector<core::OrgId> OrgFilter(const core::NotificationRule& rule,
                                   const std::map<std::int64_t, core::Organization>& orgs) {
  std::vector<core::OrgId> out;
  if (rule.org_scope == core::NotificationOrgScope::kAny) return out;
  for (const auto& [id, org] : orgs) {
    if (core::RuleCovers(rule, org)) out.push_back(org.id);
  }
  if (out.empty()) out.push_back(core::OrgId{0});  // covers nothing any longer
  return out;
}

core::Result<std::map<std::int64_t, core::Organization>> OrgsOf(store::Transaction& tx,
                                                                core::CustomerId customer) {
  auto all = tx.organizations().List(customer);
  if (!all) return core::Fail(all.error());
  std::map<std::int64_t, core::Organization> out;
  for (auto& o : *all) out.emplace(o.id.value, std::move(o));
  return out;
}

std::int64_t ObjectIdOf(const store::ExpiringCertificate& c) { return c.id.value; }
std::int64_t ObjectIdOf(const store::ExpiringValidation& v) { return v.id; }

}  // namespace

core::Result<int> ExpiryScan::Run() {
  auto now = clock_.Now();
  int written = 0;
  for (auto type : {NotificationType::kSslExpiration, NotificationType::kSslExpired,
                    NotificationType::kDomainValidationExpiration}) {
    auto rules = store_.Read(
        [&](store::Transaction& tx) { return tx.notifications().Active(std::nullopt, type); });
    if (!rules) return core::Fail(rules.error());
    for (const auto& rule : *rules) {
      auto n = type == NotificationType::kDomainValidationExpiration ? ScanValidations(rule, now)
                                                                      : ScanCertificates(rule, now);
      if (!n) return core::Fail(n.error());
      written += *n;
    }
  }
  return written;
}

template <typename Due, typename EventOf>
core::Result<int> ExpiryScan::InBatches(const core::NotificationRule& rule, core::TimePoint now,
                                        std::int64_t threshold,
                                        core::TimePoint after, Due due, EventOf event_of) {
  int written = 0;
  for (bool more = true; more;) {
    std::optional<core::TimePoint> last;
    auto batch = store_.Transact([&](store::Transaction& tx) -> core::Result<std::pair<int, bool>> {
      last.reset();  // a retried transaction starts afresh
      auto items = due(tx, after);
      if (!items) return core::Fail(items.error());
      auto tmpl = Notifier::TemplateFor(tx, rule.customer_id, rule.type);
      if (!tmpl) return core::Fail(tmpl.error());
      AdminDirectory directory(tx, rule.customer_id);
      int n = 0;
      for (const auto& item : *items) {
        auto fresh = tx.notifications().Mark(rule.id, ObjectIdOf(item), threshold);
        if (!fresh) return core::Fail(fresh.error());
        if (!*fresh) continue;
        auto event = event_of(tx, item);
        if (!event) return core::Fail(event.error());
        if (!*event) continue;
        auto sent = notifier_.EmitFor(tx, now, **event, rule, directory, *tmpl);
        if (!sent) return core::Fail(sent.error());
        n += *sent;
      }
      if (!items->empty()) last = items->back().expires_at;
      return std::pair{n, static_cast<int>(items->size()) == options_.batch};
    });
    if (!batch) return core::Fail(batch.error());
    if (last) after = *last - std::chrono::seconds(1);
    written += batch->first;
    more = batch->second;
  }
  return written;
}

core::Result<int> ExpiryScan::ScanCertificates(const core::NotificationRule& rule,
                                               core::TimePoint now) {
  store::ExpiringCertificateQuery query{.customer = rule.customer_id,
                                        .rule = rule.id,
                                        .threshold = core::ThresholdOf(rule, now),
                                        .profile_id = rule.cert_type_id,
                                        .limit = options_.batch};
  if (rule.type == NotificationType::kSslExpiration) {
    query.after = now;
    query.until = now + std::chrono::days(rule.days);
    query.statuses = {"Issued"};
  } else {
    query.after = now - options_.expired_lookback;
    query.until = now;
    query.statuses = {"Issued", "Expired"};
  }
  auto orgs = store_.Read([&](store::Transaction& tx) { return OrgsOf(tx, rule.customer_id); });
  if (!orgs) return core::Fail(orgs.error());
  query.orgs = OrgFilter(rule, *orgs);
  return InBatches(
      rule, now, query.threshold, query.after,
      [&](store::Transaction& tx, core::TimePoint after) {
        query.after = after;
        return tx.notifications().ExpiringCertificates(query);
      },
      [&](store::Transaction&, const store::ExpiringCertificate& c)
          -> core::Result<std::optional<NotificationEvent>> {
        auto org = orgs->find(c.org_id.value);
        if (org == orgs->end()) return std::optional<NotificationEvent>();
        return std::optional<NotificationEvent>(NotificationEvent{
            .type = rule.type,
            .customer = rule.customer_id,
            .org = org->second,
            .object_kind = "ssl",
            .object_id = c.id.value,
            .threshold = query.threshold,
            .profile_id = c.profile_id,
            .requester_id = c.requester_id,
            .external_requester = c.external_requester,
            .values = CertificateValues(c.common_name, c.names, org->second, c.status,
                                        c.requester, "", c.expires_at, now),
            .path = "/certificates/ssl/" + std::to_string(c.id.value)});
      });
}

core::Result<int> ExpiryScan::ScanValidations(const core::NotificationRule& rule,
                                              core::TimePoint now) {
  auto threshold = core::ThresholdOf(rule, now);
  return InBatches(
      rule, now, threshold, now,
      [&](store::Transaction& tx, core::TimePoint after) {
        return tx.notifications().ExpiringValidations(rule.customer_id, after,
                                                      now + std::chrono::days(rule.days), rule.id,
                                                      threshold, options_.batch);
      },
      [&](store::Transaction& tx, const store::ExpiringValidation& v)
          -> core::Result<std::optional<NotificationEvent>> {
        auto days_left = std::chrono::ceil<std::chrono::days>(v.expires_at - now).count();
        NotificationEvent event{
            .type = rule.type,
            .customer = rule.customer_id,
            .object_kind = "validation",
            .object_id = v.id,
            .threshold = threshold,
            .values = {{"domain", v.proved_name},
                       {"expires", DateText(v.expires_at)},
                       {"daysLeft", std::to_string(days_left)},
                       {"timeLeft", DaysText(days_left)},
                       {"status", "VALIDATED"}},
            .path = "/domains"};
        // The places it concerns: the delegations of the registered domains covering it.
        auto domains = tx.domains().ListCandidates(rule.customer_id, v.proved_name);
        if (!domains) return core::Fail(domains.error());
        for (const auto& d : *domains) {
          for (const auto& g : d.delegations) {
            auto org = tx.organizations().Get(g.org_id);
            if (org) event.also.push_back(std::move(*org));
          }
          if (event.path == "/domains") event.path = "/domains/" + std::to_string(d.id.value);
        }
        return std::optional<NotificationEvent>(std::move(event));
      });
}

}  // namespace certkeep::service
