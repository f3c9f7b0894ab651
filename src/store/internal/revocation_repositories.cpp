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

}  // namespace certkeep::store::internal
