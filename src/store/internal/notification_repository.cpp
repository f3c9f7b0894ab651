#include "store/internal/notification_repository.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, customer_id, description, type, active, org_scope, org_ids, notify_roles, "
    "recipients, days, cert_type_id, freq, revoked_by_admin, revoked_by_user "
    "FROM notification_rule ";

// ",4,9," (see the migration); "" for none.
std::string JoinIds(const std::vector<core::OrgId>& ids) {
  if (ids.empty()) return {};
  std::string out = ",";
  for (auto id : ids) out += std::to_string(id.value) + ",";
  return out;
}

std::vector<core::OrgId> SplitIds(std::string_view text) {
  std::vector<core::OrgId> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    if (!part.empty()) out.push_back(core::OrgId{std::stoll(std::string(part))});
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

core::NotificationRule RuleFromRow(const SqlRow& row) {
  core::NotificationRule r{
      .id = core::NotificationRuleId{row.Int(0)},
      .customer_id = core::CustomerId{row.Int(1)},
      .description = row.Text(2),
      .type = core::ParseNotificationType(row.Text(3)).value_or(core::NotificationType::kSslIssued),
      .is_active = row.Int(4) != 0,
      .org_scope = core::ParseNotificationOrgScope(row.Text(5))
                       .value_or(core::NotificationOrgScope::kSelected),
      .org_ids = SplitIds(row.Text(6)),
      .recipients = TextsOfJson(row.Text(8)),
      .days = static_cast<int>(row.Int(9)),
      .cert_type_id = row.OptionalInt(10),
      .freq = core::ParseNotificationFrequency(row.Text(11))
                  .value_or(core::NotificationFrequency::kOnce),
      .revoked_by_admin = row.Int(12) != 0,
      .revoked_by_user = row.Int(13) != 0};
  for (const auto& word : TextsOfJson(row.Text(7))) {
    if (auto role = core::ParseNotifyRole(word)) r.notify_roles.push_back(*role);
  }
  return r;
}

std::vector<SqlValue> RuleParams(const core::NotificationRule& r) {
  std::vector<std::string> roles;
  for (auto role : r.notify_roles) roles.emplace_back(core::ToString(role));
  return {r.description,
          std::string(core::ToString(r.type)),
          std::int64_t{r.is_active},
          std::string(core::ToString(r.org_scope)),
          JoinIds(r.org_ids),
          JsonTextArray(roles),
          JsonTextArray(r.recipients),
          std::int64_t{r.days},
          r.cert_type_id ? SqlValue(*r.cert_type_id) : SqlValue(nullptr),
          std::string(core::ToString(r.freq)),
          std::int64_t{r.revoked_by_admin},
          std::int64_t{r.revoked_by_user}};
}

}  // namespace

core::Result<core::NotificationRuleId> SqlNotificationRepository::Insert(
    const core::NotificationRule& rule) {
  auto params = RuleParams(rule);
  params.insert(params.begin(), rule.customer_id.value);
  auto id = InsertId(conn_,
                     "INSERT INTO notification_rule (customer_id, description, type, active, "
                     "org_scope, org_ids, notify_roles, recipients, days, cert_type_id, freq, "
                     "revoked_by_admin, revoked_by_user) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) return core::Fail(id.error());
  return core::NotificationRuleId{*id};
}

core::Result<void> SqlNotificationRepository::Update(const core::NotificationRule& rule) {
  auto params = RuleParams(rule);
  params.emplace_back(rule.id.value);
  return ChangeOne(conn_,
                   "UPDATE notification_rule SET description = ?, type = ?, active = ?, "
                   "org_scope = ?, org_ids = ?, notify_roles = ?, recipients = ?, days = ?, "
                   "cert_type_id = ?, freq = ?, revoked_by_admin = ?, revoked_by_user = ? "
                   "WHERE id = ?",
                   params, "notification rule");
}

core::Result<void> SqlNotificationRepository::Delete(core::NotificationRuleId id) {
  std::vector<SqlValue> params{id.value};
  // The marks go first, so that no back end depends on ON DELETE CASCADE being enforced.
  if (auto r = conn_.Query("DELETE FROM notification_mark WHERE rule_id = ?", params); !r) {
    return core::Fail(r.error());
  }
  auto row = QueryOne(conn_, "DELETE FROM notification_rule WHERE id = ? RETURNING id", params,
                      "notification rule");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<core::NotificationRule> SqlNotificationRepository::Get(core::NotificationRuleId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kColumns) + "WHERE id = ?", params, "notification rule");
  if (!row) return core::Fail(row.error());
  return RuleFromRow(*row);
}

core::Result<std::vector<core::NotificationRule>> SqlNotificationRepository::Select(
    const std::string& where, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kColumns) + where + " ORDER BY id", params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::NotificationRule> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(RuleFromRow(row));
  return out;
}

core::Result<std::vector<core::NotificationRule>> SqlNotificationRepository::List(
    const NotificationRuleQuery& q) {
  std::string where = "WHERE customer_id = ?";
  std::vector<SqlValue> params{q.customer.value};
  if (q.id) {
    where += " AND id = ?";
    params.emplace_back(q.id->value);
  }
  if (q.description) {
    where += " AND LOWER(description) LIKE ?";
    std::string d = *q.description;
    std::transform(d.begin(), d.end(), d.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    params.emplace_back("%" + d + "%");
  }
  if (q.type) {
    where += " AND type = ?";
    params.emplace_back(std::string(core::ToString(*q.type)));
  }
  if (q.scope) {
    where += " AND org_scope = ?";
    params.emplace_back(std::string(core::ToString(*q.scope)));
  }
  if (q.org) {
    where += " AND org_ids LIKE ?";
    params.emplace_back("%," + std::to_string(q.org->value) + ",%");
  }
  if (q.cert_type_id) {
    where += " AND cert_type_id = ?";
    params.emplace_back(*q.cert_type_id);
  }
  return Select(where, params);
}

core::Result<std::vector<core::NotificationRule>> SqlNotificationRepository::Active(
    std::optional<core::CustomerId> customer, core::NotificationType type) {
  std::string key = (customer ? std::to_string(customer->value) : std::string("*")) + " " +
                    std::string(core::ToString(type));
  return registry_.Read(&RegistryCache::Maps::notification_rules, key, [&] {
    std::vector<SqlValue> params{std::string(core::ToString(type))};
    std::string where = "WHERE type = ? AND active = 1";
    if (customer) {
      where += " AND customer_id = ?";
      params.emplace_back(customer->value);
    }
    return Select(where, params);
  });
}

core::Result<std::optional<core::NotificationTemplate>> SqlNotificationRepository::GetTemplate(
    core::CustomerId customer, core::NotificationType type) {
  using Found = std::optional<core::NotificationTemplate>;
  return registry_.Read(
      &RegistryCache::Maps::notification_templates,
      std::to_string(customer.value) + " " + std::string(core::ToString(type)),
      [&]() -> core::Result<Found> {
        std::vector<SqlValue> params{customer.value, std::string(core::ToString(type))};
        auto rows = conn_.Query(
            "SELECT subject, body_text, body_html FROM notification_template "
            "WHERE customer_id = ? AND type = ?",
            params);
        if (!rows) return core::Fail(rows.error());
        if (rows->empty()) return Found();
        const auto& row = rows->front();
        return Found(
            core::NotificationTemplate{customer, type, row.Text(0), row.Text(1), row.Text(2)});
      });
}

core::Result<std::vector<core::NotificationTemplate>> SqlNotificationRepository::ListTemplates(
    core::CustomerId customer) {
  std::vector<SqlValue> params{customer.value};
  auto rows = conn_.Query(
      "SELECT type, subject, body_text, body_html FROM notification_template "
      "WHERE customer_id = ? ORDER BY type",
      params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::NotificationTemplate> out;
  for (const auto& row : *rows) {
    auto type = core::ParseNotificationType(row.Text(0));
    if (!type) continue;
    out.push_back({customer, *type, row.Text(1), row.Text(2), row.Text(3)});
  }
  return out;
}

core::Result<void> SqlNotificationRepository::PutTemplate(const core::NotificationTemplate& t) {
  std::vector<SqlValue> params{t.customer_id.value, std::string(core::ToString(t.type)), t.subject,
                               t.text, t.html};
  auto r = conn_.Query(
      "INSERT INTO notification_template (customer_id, type, subject, body_text, body_html) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id, type) DO UPDATE SET "
      "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html",
      params);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<bool> SqlNotificationRepository::DeleteTemplate(core::CustomerId customer,
                                                             core::NotificationType type) {
  std::vector<SqlValue> params{customer.value, std::string(core::ToString(type))};
  auto rows = conn_.Query(
      "DELETE FROM notification_template WHERE customer_id = ? AND type = ? RETURNING type",
      params);
  if (!rows) return core::Fail(rows.error());
  return !rows->empty();
}

core::Result<bool> SqlNotificationRepository::Mark(core::NotificationRuleId rule,
                                                   std::int64_t object, std::int64_t threshold) {
  std::vector<SqlValue> params{rule.value, object, threshold};
  auto changed = conn_.Execute(
      "INSERT INTO notification_mark (rule_id, object_id, threshold) VALUES (?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      params);
  if (!changed) return core::Fail(changed.error());
  return changed->rows > 0;
}

core::Result<std::vector<ExpiringCertificate>> SqlNotificationRepository::ExpiringCertificates(
    const ExpiringCertificateQuery& q) {
  // customer, status and expiry: the index ssl_certificate_by_status, walked in expiry
  // order (one status is an equality the planner always takes to the index).
  std::string sql =
      "SELECT s.id, s.org_id, s.profile_id, s.common_name, s.names, s.requester_id, s.requester, "
      "s.external_requester, s.status, s.expires_at FROM ssl_certificate s "
      "WHERE s.customer_id = ? AND s.status " +
      (q.statuses.size() == 1 ? std::string("= ?")
                              : "IN " + std::string(TextsFromParam(conn_.dialect()))) +
      " AND s.expires_at > ? AND s.expires_at <= ?";
  std::vector<SqlValue> params{
      q.customer.value,
      q.statuses.size() == 1 ? SqlValue(q.statuses.front()) : SqlValue(JsonTextArray(q.statuses)),
      core::ToUnixSeconds(q.after), core::ToUnixSeconds(q.until)};
  if (!q.orgs.empty()) {
    std::vector<std::int64_t> ids;
    for (auto o : q.orgs) ids.push_back(o.value);
    sql += " AND s.org_id IN " + std::string(IdsFromParam(conn_.dialect()));
    params.emplace_back(JsonIdArray(ids));
  }
  if (q.profile_id) {
    sql += " AND s.profile_id = ?";
    params.emplace_back(*q.profile_id);
  }
  // A certificate renewed by one that is issued is taken care of: no notice about it; nor
  // about one whose notifications are suspended.
  sql +=
      " AND s.suspend_notifications = 0"
      " AND NOT EXISTS (SELECT 1 FROM ssl_certificate n WHERE n.renewed_from = s.id AND "
      "n.status = 'Issued')"
      " AND NOT EXISTS (SELECT 1 FROM notification_mark m WHERE m.rule_id = ? AND "
      "m.object_id = s.id AND m.threshold = ?) ORDER BY s.expires_at LIMIT ?";
  params.emplace_back(q.rule.value);
  params.emplace_back(q.threshold);
  params.emplace_back(q.limit);
  std::vector<ExpiringCertificate> out;
  auto r = conn_.QueryEach(sql, params, [&](const SqlRow& row) {
    ExpiringCertificate c{.id = core::SslId{row.Int(0)},
                          .org_id = core::OrgId{row.Int(1)},
                          .profile_id = row.Int(2),
                          .common_name = row.Text(3),
                          .requester = row.Text(6),
                          .external_requester = row.Text(7),
                          .status = row.Text(8),
                          .expires_at = core::FromUnixSeconds(row.Int(9))};
    std::string_view names = row.Text(4);
    while (!names.empty()) {
      auto comma = names.find(',');
      if (comma != 0) c.names.emplace_back(names.substr(0, comma));
      names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
    }
    if (auto id = row.OptionalInt(5)) c.requester_id = core::AdminId{*id};
    out.push_back(std::move(c));
  });
  if (!r) return core::Fail(r.error());
  return out;
}

core::Result<std::vector<ExpiringValidation>> SqlNotificationRepository::ExpiringValidations(
    core::CustomerId customer, core::TimePoint after, core::TimePoint until,
    core::NotificationRuleId rule, std::int64_t threshold, std::int64_t limit) {
  std::vector<SqlValue> params{core::ToUnixSeconds(after),
                               core::ToUnixSeconds(until),
                               customer.value,
                               rule.value,
                               threshold,
                               limit};
  auto rows = conn_.Query(
      "SELECT v.id, v.proved_name, v.method, v.expires_at FROM domain_validation v "
      "WHERE v.expires_at > ? AND v.expires_at <= ? AND v.customer_id = ? AND NOT EXISTS "
      "(SELECT 1 FROM notification_mark m WHERE m.rule_id = ? AND m.object_id = v.id AND "
      "m.threshold = ?) ORDER BY v.expires_at, v.id LIMIT ?",
      params);
  if (!rows) return core::Fail(rows.error());
  std::vector<ExpiringValidation> out;
  for (const auto& row : *rows) {
    out.push_back({row.Int(0), row.Text(1), row.Text(2), core::FromUnixSeconds(row.Int(3))});
  }
  return out;
}

}  // namespace certkeep::store::internal
