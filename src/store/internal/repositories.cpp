#include "store/internal/repositories.h"

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kCaColumns =
    "SELECT id, name, role, parent_id, certificate_pem, key_ref, created_at "
    "FROM certificate_authority ";

core::CertificateAuthority CaFromRow(const SqlRow& row) {
  core::CertificateAuthority ca;
  ca.id = core::CaId{row.Int(0)};
  ca.name = row.Text(1);
  ca.role = core::ParseCaRole(row.Text(2)).value_or(core::CaRole::kIssuing);
  if (auto parent = row.OptionalInt(3)) ca.parent_id = core::CaId{*parent};
  ca.certificate_pem = row.Text(4);
  ca.key_ref = row.Text(5);
  ca.created_at = core::FromUnixSeconds(row.Int(6));
  return ca;
}

constexpr std::string_view kAuditColumns =
    "SELECT id, at, actor, action, object_type, object_id, detail, prev_hash, hash "
    "FROM audit_log ";

core::AuditRecord AuditFromRow(const SqlRow& row) {
  core::AuditRecord r;
  r.id = core::AuditId{row.Int(0)};
  r.at = core::FromUnixSeconds(row.Int(1));
  r.actor = row.Text(2);
  r.action = row.Text(3);
  r.object_type = row.Text(4);
  r.object_id = row.Text(5);
  r.detail = row.Text(6);
  r.prev_hash = row.Text(7);
  r.hash = row.Text(8);
  return r;
}

}  // namespace

core::Result<core::CaId> SqlCaRepository::Insert(const core::CertificateAuthority& ca) {
  SqlValue parent = ca.parent_id ? SqlValue(ca.parent_id->value) : SqlValue(nullptr);
  std::vector<SqlValue> params{ca.name,    std::string(core::ToString(ca.role)),
                               parent,     ca.certificate_pem,
                               ca.key_ref, core::ToUnixSeconds(ca.created_at)};
  auto row = QueryOne(conn_,
                      "INSERT INTO certificate_authority (name, role, parent_id, "
                      "certificate_pem, key_ref, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                      "RETURNING id",
                      params, "certificate authority");
  if (!row) return core::Fail(row.error());
  return core::CaId{row->Int(0)};
}

core::Result<core::CertificateAuthority> SqlCaRepository::Get(core::CaId id) {
  std::vector<SqlValue> params{id.value};
  auto row =
      QueryOne(conn_, std::string(kCaColumns) + "WHERE id = ?", params, "certificate authority");
  if (!row) return core::Fail(row.error());
  return CaFromRow(*row);
}

core::Result<core::CertificateAuthority> SqlCaRepository::FindByName(const std::string& name) {
  std::vector<SqlValue> params{name};
  auto row = QueryOne(conn_, std::string(kCaColumns) + "WHERE name = ?", params,
                      "certificate authority '" + name + "'");
  if (!row) return core::Fail(row.error());
  return CaFromRow(*row);
}

core::Result<std::vector<core::CertificateAuthority>> SqlCaRepository::List() {
  auto rows = conn_.Query(std::string(kCaColumns) + "ORDER BY id");
  if (!rows) return core::Fail(rows.error());
  std::vector<core::CertificateAuthority> out;
  for (const auto& row : *rows) out.push_back(CaFromRow(row));
  return out;
}

core::Result<core::AuditId> SqlAuditRepository::Append(const core::AuditRecord& r) {
  std::vector<SqlValue> params{core::ToUnixSeconds(r.at),
                               r.actor,
                               r.action,
                               r.object_type,
                               r.object_id,
                               r.detail,
                               r.prev_hash,
                               r.hash};
  auto row = QueryOne(conn_,
                      "INSERT INTO audit_log (at, actor, action, object_type, object_id, "
                      "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      params, "audit record");
  if (!row) return core::Fail(row.error());
  return core::AuditId{row->Int(0)};
}

core::Result<std::optional<core::AuditRecord>> SqlAuditRepository::Last() {
  auto rows = conn_.Query(std::string(kAuditColumns) + "ORDER BY id DESC LIMIT 1");
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<core::AuditRecord>();
  return std::optional<core::AuditRecord>(AuditFromRow(rows->front()));
}

core::Result<std::vector<core::AuditRecord>> SqlAuditRepository::List(core::AuditId after,
                                                                      int limit) {
  std::vector<SqlValue> params{after.value, std::int64_t{limit}};
  auto rows = conn_.Query(std::string(kAuditColumns) + "WHERE id > ? ORDER BY id LIMIT ?", params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::AuditRecord> out;
  for (const auto& row : *rows) out.push_back(AuditFromRow(row));
  return out;
}

}  // namespace certkeep::store::internal
