#include "store/internal/outbox_repository.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, customer_id, dedup_key, message_id, kind, sender, recipients, subject, "
    "body_text, body_html, status, attempts, created_at, next_attempt_at, sent_at, last_error "
    "FROM mail_outbox ";

// Addresses never hold a comma once checked (core::IsPlausibleEmail), so a comma list is
// a faithful column.
std::string JoinAddresses(const std::vector<std::string>& to) {
  std::string out;
  for (const auto& a : to) {
    if (!out.empty()) out += ',';
    out += a;
  }
  return out;
}

std::vector<std::string> SplitAddresses(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

core::OutboxMail MailFromRow(const SqlRow& row) {
  core::OutboxMail m{
      .id = core::OutboxId{row.Int(0)},
      .dedup_key = row.IsNull(2) ? std::string() : row.Text(2),
      .message_id = row.Text(3),
      .from = row.Text(5),
      .to = SplitAddresses(row.Text(6)),
      .subject = row.Text(7),
      .text = row.Text(8),
      .html = row.Text(9),
      .kind = row.Text(4),
      .status = core::ParseOutboxStatus(row.Text(10)).value_or(core::OutboxStatus::kPending),
      .attempts = static_cast<int>(row.Int(11)),
      .created_at = core::FromUnixSeconds(row.Int(12)),
      .next_attempt_at = core::FromUnixSeconds(row.Int(13)),
      .last_error = row.Text(15)};
  if (auto c = row.OptionalInt(1)) m.customer_id = core::CustomerId{*c};
  if (auto s = row.OptionalInt(14)) m.sent_at = core::FromUnixSeconds(*s);
  return m;
}

}  // namespace

namespace {

// A taken dedup key inserts nothing, without aborting a PostgreSQL transaction.
constexpr std::string_view kEnqueue =
    "INSERT INTO mail_outbox (customer_id, dedup_key, message_id, kind, sender, recipients, "
    "subject, body_text, body_html, status, attempts, created_at, next_attempt_at, "
    "last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (dedup_key) DO NOTHING";

std::vector<SqlValue> EnqueueParams(const core::OutboxMail& m) {
  SqlValue customer = nullptr;
  if (m.customer_id) customer = m.customer_id->value;
  SqlValue dedup = nullptr;
  if (!m.dedup_key.empty()) dedup = m.dedup_key;
  return {customer,
          dedup,
          m.message_id,
          m.kind,
          m.from,
          JoinAddresses(m.to),
          m.subject,
          m.text,
          m.html,
          std::string(core::ToString(m.status)),
          std::int64_t{m.attempts},
          core::ToUnixSeconds(m.created_at),
          core::ToUnixSeconds(m.next_attempt_at),
          m.last_error};
}

}  // namespace

core::Result<bool> SqlOutboxRepository::Enqueue(const core::OutboxMail& m) {
  auto changed = conn_.Execute(kEnqueue, EnqueueParams(m));
  if (!changed) return core::Fail(changed.error());
  return changed->rows > 0;
}

core::Result<void> SqlOutboxRepository::Post(const core::OutboxMail& m) {
  return conn_.ExecuteLater(kEnqueue, EnqueueParams(m));
}

core::Result<std::vector<core::OutboxMail>> SqlOutboxRepository::Due(core::TimePoint now,
                                                                     int limit) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now), std::int64_t{limit}};
  return Many(
      "WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
      "LIMIT ?",
      params);
}

core::Result<void> SqlOutboxRepository::Update(const core::OutboxMail& m) {
  SqlValue sent = nullptr;
  if (m.sent_at) sent = core::ToUnixSeconds(*m.sent_at);
  std::vector<SqlValue> params{std::string(core::ToString(m.status)),
                               std::int64_t{m.attempts},
                               core::ToUnixSeconds(m.next_attempt_at),
                               sent,
                               m.last_error,
                               m.id.value};
  return ChangeOne(conn_,
                   "UPDATE mail_outbox SET status = ?, attempts = ?, next_attempt_at = ?, "
                   "sent_at = ?, last_error = ? WHERE id = ?",
                   params, "outbox message");
}

core::Result<core::OutboxMail> SqlOutboxRepository::Get(core::OutboxId id) {
  std::vector<SqlValue> params{id.value};
  auto row = QueryOne(conn_, std::string(kColumns) + "WHERE id = ?", params, "outbox message");
  if (!row) return core::Fail(row.error());
  return MailFromRow(*row);
}

namespace {

std::string WhereOf(const OutboxQuery& q, std::vector<SqlValue>& params) {
  std::string where = "WHERE 1 = 1";
  if (q.customer) {
    where += " AND customer_id = ?";
    params.emplace_back(q.customer->value);
  }
  if (q.status) {
    where += " AND status = ?";
    params.emplace_back(std::string(core::ToString(*q.status)));
  }
  return where;
}

}  // namespace

core::Result<std::vector<core::OutboxMail>> SqlOutboxRepository::List(const OutboxQuery& q) {
  std::vector<SqlValue> params;
  auto where = WhereOf(q, params);
  return Many(where + " ORDER BY id DESC LIMIT ? OFFSET ?",
              WithPage(std::move(params), q.size, q.position));
}

core::Result<std::int64_t> SqlOutboxRepository::Count(const OutboxQuery& q) {
  std::vector<SqlValue> params;
  auto where = WhereOf(q, params);
  return CountRows(conn_, "FROM mail_outbox " + where, params, "outbox");
}

core::Result<std::vector<core::OutboxMail>> SqlOutboxRepository::Many(
    const std::string& rest, std::span<const SqlValue> params) {
  auto rows = conn_.Query(std::string(kColumns) + rest, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::OutboxMail> out;
  for (const auto& row : *rows) out.push_back(MailFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
