#include "store/internal/enrollment_repository.h"

#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kColumns =
    "SELECT org_id, customer_id, enabled, access_mode, token, access_code_hash, "
    "access_code_set_at, auto_approve, server_software, ssl_types, allowed_email_domains "
    "FROM self_enrollment ";

std::vector<std::int64_t> IdsOfJson(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  }
  return out;
}

core::SelfEnrollment SettingsFromRow(const SqlRow& row) {
  core::SelfEnrollment s{
      .org_id = core::OrgId{row.Int(0)},
      .customer_id = core::CustomerId{row.Int(1)},
      .is_enabled = row.Int(2) != 0,
      .access_mode = core::ParseEnrollmentAccessMode(row.Text(3))
                         .value_or(core::EnrollmentAccessMode::kAccessCode),
      .token = row.Text(4),
      .access_code_hash = row.Text(5),
      .auto_approve = row.Int(7) != 0,
      .server_software = TextsOfJson(row.Text(8)),
      .ssl_types = IdsOfJson(row.Text(9)),
      .allowed_email_domains = TextsOfJson(row.Text(10))};
  if (auto t = row.OptionalInt(6)) s.access_code_set_at = core::FromUnixSeconds(*t);
  return s;
}

}  // namespace

core::Result<std::optional<core::SelfEnrollment>> SqlEnrollmentRepository::One(
    const std::string& where, const SqlValue& value) {
  std::vector<SqlValue> params{value};
  auto rows = conn_.Query(std::string(kColumns) + where, params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<core::SelfEnrollment>();
  return std::optional<core::SelfEnrollment>(SettingsFromRow(rows->front()));
}

core::Result<std::optional<core::SelfEnrollment>> SqlEnrollmentRepository::Get(core::OrgId org) {
  return One("WHERE org_id = ?", org.value);
}

core::Result<std::optional<core::SelfEnrollment>> SqlEnrollmentRepository::FindByToken(
    const std::string& token) {
  return One("WHERE token = ?", token);
}

core::Result<void> SqlEnrollmentRepository::Put(const core::SelfEnrollment& s) {
  std::vector<SqlValue> params{
      s.org_id.value,
      s.customer_id.value,
      std::int64_t{s.is_enabled},
      std::string(core::ToString(s.access_mode)),
      s.token,
      s.access_code_hash,
      s.access_code_set_at ? SqlValue(core::ToUnixSeconds(*s.access_code_set_at)) : SqlValue(nullptr),
      std::int64_t{s.auto_approve},
      JsonTextArray(s.server_software),
      JsonIdArray(s.ssl_types),
      JsonTextArray(s.allowed_email_domains)};
  auto r = conn_.Query(
      "INSERT INTO self_enrollment (org_id, customer_id, enabled, access_mode, token, "
      "access_code_hash, access_code_set_at, auto_approve, server_software, ssl_types, "
      "allowed_email_domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, "
      "access_mode = excluded.access_mode, token = excluded.token, "
      "access_code_hash = excluded.access_code_hash, "
      "access_code_set_at = excluded.access_code_set_at, auto_approve = excluded.auto_approve, "
      "server_software = excluded.server_software, ssl_types = excluded.ssl_types, "
      "allowed_email_domains = excluded.allowed_email_domains",
      params);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<void> SqlEnrollmentRepository::PutSession(const EnrollmentSession& s) {
  std::vector<SqlValue> params{s.token_hash, s.org_id.value, s.csrf_token,
                               core::ToUnixSeconds(s.code_set_at),
                               core::ToUnixSeconds(s.expires_at)};
  auto r = conn_.Query(
      "INSERT INTO enrollment_session (token_hash, org_id, csrf_token, code_set_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      params);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<std::optional<EnrollmentSession>> SqlEnrollmentRepository::GetSession(
    const std::string& token_hash) {
  std::vector<SqlValue> params{token_hash};
  auto rows = conn_.Query(
      "SELECT org_id, csrf_token, code_set_at, expires_at FROM enrollment_session "
      "WHERE token_hash = ?",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<EnrollmentSession>();
  const auto& r = rows->front();
  return std::optional<EnrollmentSession>(
      EnrollmentSession{token_hash, core::OrgId{r.Int(0)}, r.Text(1),
                        core::FromUnixSeconds(r.Int(2)), core::FromUnixSeconds(r.Int(3))});
}

core::Result<std::int64_t> SqlEnrollmentRepository::PurgeSessions(core::TimePoint now) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now)};
  auto rows =
      conn_.Query("DELETE FROM enrollment_session WHERE expires_at <= ? RETURNING org_id", params);
  if (!rows) return core::Fail(rows.error());
  return static_cast<std::int64_t>(rows->size());
}

core::Result<void> SqlEnrollmentRepository::PutRequest(const EnrollmentRequest& q) {
  std::vector<SqlValue> params{q.ssl_id.value,     q.reference,       q.status_token,
                               q.requester_name,   q.requester_email, q.server_software,
                               core::ToUnixSeconds(q.created_at)};
  auto r = conn_.Query(
      "INSERT INTO enrollment_request (ssl_id, reference, status_token, requester_name, "
      "requester_email, server_software, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

core::Result<std::optional<EnrollmentRequest>> SqlEnrollmentRepository::OneRequest(
    const std::string& where, const SqlValue& value) {
  std::vector<SqlValue> params{value};
  auto rows = conn_.Query(
      "SELECT ssl_id, reference, status_token, requester_name, requester_email, "
      "server_software, created_at FROM enrollment_request " +
          where,
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<EnrollmentRequest>();
  const auto& r = rows->front();
  return std::optional<EnrollmentRequest>(
      EnrollmentRequest{core::SslId{r.Int(0)}, r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                        r.Text(5), core::FromUnixSeconds(r.Int(6))});
}

core::Result<std::optional<EnrollmentRequest>> SqlEnrollmentRepository::FindRequest(
    const std::string& status_token) {
  return OneRequest("WHERE status_token = ?", status_token);
}

core::Result<std::optional<EnrollmentRequest>> SqlEnrollmentRepository::RequestOf(core::SslId ssl) {
  return OneRequest("WHERE ssl_id = ?", ssl.value);
}

}  // namespace certkeep::store::internal
