#include "store/internal/certificate_repository.h"

#include <array>
#include <nlohmann/json.hpp>

namespace certkeep::store::internal {

namespace {

constexpr std::array<std::string_view, 13> kColumnNames = {
    "id",        "serial",     "issuer_id", "profile_id", "status",     "subject",
    "names",     "not_before", "not_after", "pem",        "revoked_at", "revocation_reason",
    "created_at"};

const std::string kColumns = "SELECT " + CertificateColumns("certificate") + " FROM certificate ";

core::Result<core::CertificateRecord> One(SqlConnection& conn, const std::string& where,
                                          std::vector<SqlValue> params) {
  auto row = QueryOne(conn, kColumns + where, params, "certificate");
  if (!row) return core::Fail(row.error());
  return CertificateFromRow(*row);
}

}  // namespace

std::string CertificateColumns(std::string_view alias) {
  std::string out;
  for (auto name : kColumnNames) {
    if (!out.empty()) out += ", ";
    out += std::string(alias) + "." + std::string(name);
  }
  return out;
}

core::CertificateRecord CertificateFromRow(const SqlRow& row, std::size_t first) {
  auto at = [first](std::size_t i) { return first + i; };
  core::CertificateRecord r;
  r.id = core::CertificateId{row.Int(at(0))};
  r.serial = row.Text(at(1));
  r.issuer_id = core::CaId{row.Int(at(2))};
  r.profile_id = core::ProfileId{row.Int(at(3))};
  r.status =
      core::ParseCertificateStatus(row.Text(at(4))).value_or(core::CertificateStatus::kReserved);
  r.subject = row.Text(at(5));
  auto names = nlohmann::json::parse(row.Text(at(6)), nullptr, false);
  if (names.is_array()) {
    for (const auto& n : names) {
      if (n.is_string()) r.names.push_back(n.get<std::string>());
    }
  }
  r.not_before = core::FromUnixSeconds(row.Int(at(7)));
  r.not_after = core::FromUnixSeconds(row.Int(at(8)));
  r.pem = row.Text(at(9));
  if (auto revoked = row.OptionalInt(at(10))) r.revoked_at = core::FromUnixSeconds(*revoked);
  if (auto reason = row.OptionalInt(at(11))) r.revocation_reason = static_cast<int>(*reason);
  r.created_at = core::FromUnixSeconds(row.Int(at(12)));
  return r;
}

core::Result<core::CertificateId> SqlCertificateRepository::Reserve(
    const core::CertificateRecord& r) {
  bool issued = r.status == core::CertificateStatus::kIssued && !r.pem.empty();
  std::vector<SqlValue> params{
      r.serial,
      r.issuer_id.value,
      r.profile_id.value,
      std::string(core::ToString(issued ? core::CertificateStatus::kIssued
                                        : core::CertificateStatus::kReserved)),
      r.subject,
      nlohmann::json(r.names).dump(),
      core::ToUnixSeconds(r.not_before),
      core::ToUnixSeconds(r.not_after),
      issued ? r.pem : std::string(),
      core::ToUnixSeconds(r.created_at)};
  auto id = InsertId(conn_,
                     "INSERT INTO certificate (serial, issuer_id, profile_id, status, subject, "
                     "names, not_before, not_after, pem, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     params);
  if (!id) {
    if (id.error().code() == core::ErrorCode::kConflict) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kSerialCollision,
                        "serial number already used", id.error().internal());
    }
    return core::Fail(id.error());
  }
  return core::CertificateId{*id};
}

core::Result<void> SqlCertificateRepository::MarkIssued(core::CertificateId id,
                                                        const std::string& pem) {
  std::vector<SqlValue> params{pem, id.value};
  return ChangeOne(conn_,
                   "UPDATE certificate SET status = 'issued', pem = ? "
                   "WHERE id = ? AND status = 'reserved'",
                   params, "reserved certificate");
}

core::Result<void> SqlCertificateRepository::Revoke(core::CertificateId id, core::TimePoint at,
                                                    int reason) {
  std::vector<SqlValue> params{core::ToUnixSeconds(at), std::int64_t{reason}, id.value};
  auto changed = conn_.Execute(
      "UPDATE certificate SET status = 'revoked', revoked_at = ?, revocation_reason = ? "
      "WHERE id = ? AND status = 'issued'",
      params);
  if (!changed) return core::Fail(changed.error());
  if (changed->rows > 0) {
    // A pre-signed "good" must not outlive the revocation (see migration 0012).
    std::vector<SqlValue> cert{id.value};
    if (auto d = conn_.Query("DELETE FROM ocsp_response WHERE certificate_id = ?", cert); !d) {
      return core::Fail(d.error());
    }
  }
  if (changed->rows == 0) {
    auto current = Get(id);
    if (!current) return core::Fail(current.error());
    if (current->status == core::CertificateStatus::kRevoked) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kAlreadyRevoked,
                        "the certificate is already revoked");
    }
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kUnspecified,
                      "only issued certificates can be revoked");
  }
  return core::Ok();
}

core::Result<core::CertificateRecord> SqlCertificateRepository::Get(core::CertificateId id) {
  return One(conn_, "WHERE id = ?", {id.value});
}

core::Result<core::CertificateRecord> SqlCertificateRepository::FindBySerial(
    const std::string& serial) {
  return One(conn_, "WHERE serial = ?", {serial});
}

core::Result<void> SqlCertificateRepository::ForEachRevoked(
    core::CaId issuer, core::TimePoint now,
    const std::function<void(const RevokedSerial&)>& visit) {
  std::vector<SqlValue> params{issuer.value, core::ToUnixSeconds(now)};
  return conn_.QueryEach(
      "SELECT serial, revoked_at, revocation_reason FROM certificate "
      "WHERE issuer_id = ? AND status = 'revoked' AND not_after >= ? ORDER BY serial",
      params, [&](const SqlRow& row) {
        visit({row.Text(0), core::FromUnixSeconds(row.Int(1)),
               static_cast<int>(row.OptionalInt(2).value_or(0))});
      });
}

core::Result<core::TimePoint> SqlCertificateRepository::LastRevokedAt(core::CaId issuer) {
  std::vector<SqlValue> params{issuer.value};
  auto row = QueryOne(conn_,
                      "SELECT COALESCE(MAX(revoked_at), 0) FROM certificate "
                      "WHERE issuer_id = ? AND status = 'revoked'",
                      params, "revocation");
  if (!row) return core::Fail(row.error());
  return core::FromUnixSeconds(row->Int(0));
}

core::Result<std::int64_t> SqlCertificateRepository::Count(core::CertificateStatus status) {
  std::vector<SqlValue> params{std::string(core::ToString(status))};
  auto row = QueryOne(conn_, "SELECT COUNT(*) FROM certificate WHERE status = ?", params, "count");
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

}  // namespace certkeep::store::internal
