#include "store/internal/revocation_repositories.h"

#include "core/base64.h"

namespace certkeep::store::internal {

core::Result<std::int64_t> SqlCrlRepository::NextNumber(core::CaId issuer) {
  // RFC 5280 §5.2.3: CRL numbers increase monotonically; reserving them in the store
  // keeps that true across restarts and across nodes.
  std::vector<SqlValue> params{issuer.value};
  auto row =
      QueryOne(conn_,
               "INSERT INTO crl (issuer_id, crl_number, this_update, next_update, entries, "
               "reserved_number, der_base64) VALUES (?, 0, 0, 0, 0, 1, '') "
               "ON CONFLICT (issuer_id) DO UPDATE SET reserved_number = crl.reserved_number + 1 "
               "RETURNING reserved_number",
               params, "CRL number");
  if (!row) return core::Fail(row.error());
  return row->Int(0);
}

core::Result<void> SqlCrlRepository::Publish(const PublishedCrl& crl) {
  std::vector<SqlValue> params{
      crl.crl_number, core::ToUnixSeconds(crl.this_update), core::ToUnixSeconds(crl.next_update),
      crl.entries,    core::Base64Encode(crl.der),          crl.issuer_id.value,
      crl.crl_number};
  auto rows = conn_.Query(
      "UPDATE crl SET crl_number = ?, this_update = ?, next_update = ?, entries = ?, der_base64 = "
      "? "
      "WHERE issuer_id = ? AND crl_number < ?",
      params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<std::optional<PublishedCrl>> SqlCrlRepository::Latest(core::CaId issuer,
                                                                   bool with_der) {
  std::vector<SqlValue> params{issuer.value};
  auto rows = conn_.Query(
      with_der ? "SELECT crl_number, this_update, next_update, entries, der_base64 FROM crl "
                 "WHERE issuer_id = ? AND crl_number > 0"
               : "SELECT crl_number, this_update, next_update, entries, '' FROM crl "
                 "WHERE issuer_id = ? AND crl_number > 0",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<PublishedCrl>();
  const auto& r = rows->front();
  return std::optional<PublishedCrl>(PublishedCrl{
      issuer, r.Int(0), core::FromUnixSeconds(r.Int(1)), core::FromUnixSeconds(r.Int(2)), r.Int(3),
      core::Base64Decode(r.Text(4)).value_or(std::string())});
}

core::Result<std::int64_t> SqlCrlRepository::LatestNumber(core::CaId issuer) {
  std::vector<SqlValue> params{issuer.value};
  auto rows = conn_.Query("SELECT crl_number FROM crl WHERE issuer_id = ?", params);
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? 0 : rows->front().Int(0);
}

core::Result<bool> SqlJobLeaseRepository::Acquire(const std::string& name,
                                                  const std::string& holder, core::TimePoint now,
                                                  core::TimePoint until,
                                                  core::TimePoint due_before) {
  std::vector<SqlValue> params{name,
                               holder,
                               core::ToUnixSeconds(until),
                               core::ToUnixSeconds(now),
                               holder,
                               core::ToUnixSeconds(due_before)};
  auto rows = conn_.Query(
      "INSERT INTO job_lease (name, holder, expires_at, last_run_at) VALUES (?, ?, ?, 0) "
      "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
      "WHERE (job_lease.expires_at < ? OR job_lease.holder = ?) AND job_lease.last_run_at < ? "
      "RETURNING name",
      params);
  if (!rows) return core::Fail(rows.error());
  return !rows->empty();
}

core::Result<void> SqlJobLeaseRepository::Finish(const std::string& name, const std::string& holder,
                                                 core::TimePoint now) {
  std::vector<SqlValue> params{core::ToUnixSeconds(now), name, holder};
  auto rows = conn_.Query(
      "UPDATE job_lease SET last_run_at = ?, expires_at = 0 WHERE name = ? AND holder = ?", params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<void> SqlOcspResponseRepository::Put(const StoredOcspResponse& r) {
  std::vector<SqlValue> params{r.certificate_id.value,
                               core::Base64Encode(r.cert_id_der),
                               core::Base64Encode(r.der),
                               std::string(core::ToString(r.status)),
                               core::ToUnixSeconds(r.produced_at),
                               core::ToUnixSeconds(r.next_update)};
  auto rows = conn_.Query(
      "INSERT INTO ocsp_response (certificate_id, cert_id, response, status, produced_at, "
      "next_update) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (certificate_id) DO UPDATE SET "
      "cert_id = excluded.cert_id, response = excluded.response, status = excluded.status, "
      "produced_at = excluded.produced_at, next_update = excluded.next_update",
      params);
  if (!rows) return core::Fail(rows.error());
  return core::Ok();
}

core::Result<std::optional<StoredOcspResponse>> SqlOcspResponseRepository::Get(
    core::CertificateId certificate) {
  std::vector<SqlValue> params{certificate.value};
  auto rows = conn_.Query(
      "SELECT cert_id, response, produced_at, next_update, status FROM ocsp_response "
      "WHERE certificate_id = ?",
      params);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<StoredOcspResponse>();
  const auto& r = rows->front();
  return std::optional<StoredOcspResponse>(StoredOcspResponse{
      certificate, core::Base64Decode(r.Text(0)).value_or(std::string()),
      core::Base64Decode(r.Text(1)).value_or(std::string()),
      core::ParseCertificateStatus(r.Text(4)).value_or(core::CertificateStatus::kReserved),
      core::FromUnixSeconds(r.Int(2)), core::FromUnixSeconds(r.Int(3))});
}

core::Result<std::vector<core::CertificateId>> SqlOcspResponseRepository::Due(
    core::CaId issuer, core::TimePoint now, core::TimePoint produced_before, int limit) {
  std::vector<SqlValue> params{issuer.value, core::ToUnixSeconds(now),
                               core::ToUnixSeconds(produced_before), std::int64_t{limit}};
  auto rows = conn_.Query(
      "SELECT c.id FROM certificate c LEFT JOIN ocsp_response o ON o.certificate_id = c.id "
      "WHERE c.issuer_id = ? AND c.status IN ('issued', 'revoked') AND c.not_after > ? AND "
      "(o.certificate_id IS NULL OR o.produced_at < ? OR o.status <> c.status) LIMIT ?",
      params);
  if (!rows) return core::Fail(rows.error());
  std::vector<core::CertificateId> out;
  for (const auto& r : *rows) out.push_back(core::CertificateId{r.Int(0)});
  return out;
}

}  // namespace certkeep::store::internal
