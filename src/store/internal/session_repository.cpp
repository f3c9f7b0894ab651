#include "store/internal/session_repository.h"

namespace certkeep::store::internal {

core::Result<void> SqlSessionRepository::Insert(const core::Session& s) {
  std::vector<SqlValue> params{s.token_hash,
                               s.admin_id.value,
                               s.csrf_token,
                               s.credential_version,
                               core::ToUnixSeconds(s.created_at),
                               core::ToUnixSeconds(s.last_seen_at),
                               s.source};
  auto rows = conn_.Query(
      "INSERT INTO console_session (token_hash, admin_id, csrf_token, credential_version, "
      "created_at, last_seen_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<core::Session> SqlSessionRepository::Find(const std::string& token_hash) {
  std::vector<SqlValue> params{token_hash};
  auto row = QueryOne(conn_,
                      "SELECT token_hash, admin_id, csrf_token, credential_version, created_at, "
                      "last_seen_at, source FROM console_session WHERE token_hash = ?",
                      params, "session");
  if (!row) return core::Fail(row.error());
  return core::Session{.token_hash = row->Text(0),
                       .admin_id = core::AdminId{row->Int(1)},
                       .csrf_token = row->Text(2),
                       .credential_version = row->Int(3),
                       .created_at = core::FromUnixSeconds(row->Int(4)),
                       .last_seen_at = core::FromUnixSeconds(row->Int(5)),
                       .source = row->Text(6)};
}

core::Result<void> SqlSessionRepository::Touch(const std::string& token_hash, core::TimePoint at) {
  std::vector<SqlValue> params{core::ToUnixSeconds(at), token_hash};
  auto row = QueryOne(conn_,
                      "UPDATE console_session SET last_seen_at = ? WHERE token_hash = ? "
                      "RETURNING token_hash",
                      params, "session");
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

core::Result<void> SqlSessionRepository::Delete(const std::string& token_hash) {
  std::vector<SqlValue> params{token_hash};
  auto rows = conn_.Query("DELETE FROM console_session WHERE token_hash = ?", params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<void> SqlSessionRepository::DeleteForAdmin(core::AdminId admin) {
  std::vector<SqlValue> params{admin.value};
  auto rows = conn_.Query("DELETE FROM console_session WHERE admin_id = ?", params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<std::int64_t> SqlSessionRepository::DeleteExpired(core::TimePoint idle_before,
                                                               core::TimePoint created_before) {
  std::vector<SqlValue> params{core::ToUnixSeconds(idle_before),
                               core::ToUnixSeconds(created_before)};
  std::int64_t deleted = 0;
  auto r = conn_.QueryEach(
      "DELETE FROM console_session WHERE last_seen_at < ? OR created_at < ? RETURNING admin_id",
      params, [&deleted](const SqlRow&) { ++deleted; });
  if (!r) return core::Fail(r.error());
  return deleted;
}

}  // namespace certkeep::store::internal
