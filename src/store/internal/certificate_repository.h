#pragma once

#include <string>
#include <string_view>

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

/// The columns CertificateFromRow reads, in its order, each as `alias`.column.
[[nodiscard]] std::string CertificateColumns(std::string_view alias);
/// The certificate whose columns (CertificateColumns) start at column `first` of `row`.
[[nodiscard]] core::CertificateRecord CertificateFromRow(const SqlRow& row, std::size_t first = 0);

class SqlCertificateRepository final : public CertificateRepository {
 public:
  explicit SqlCertificateRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::CertificateId> Reserve(const core::CertificateRecord& record) override;
  core::Result<void> MarkIssued(core::CertificateId id, const std::string& pem) override;
  core::Result<void> Revoke(core::CertificateId id, core::TimePoint at, int reason) override;
  core::Result<core::CertificateRecord> Get(core::CertificateId id) override;
  core::Result<core::CertificateRecord> FindBySerial(const std::string& serial) override;
  core::Result<void> ForEachRevoked(
      core::CaId issuer, core::TimePoint now,
      const std::function<void(const RevokedSerial&)>& visit) override;
  core::Result<core::TimePoint> LastRevokedAt(core::CaId issuer) override;
  core::Result<std::int64_t> Count(core::CertificateStatus status) override;

 private:
  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
