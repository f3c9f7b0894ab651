#pragma once
// SSL certificate requests and their certificates in portable SQL: one ssl_certificate
// row each.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlSslRepository final : public SslRepository {
 public:
  explicit SqlSslRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::SslId> Insert(const core::SslCertificate& cert) override;
  core::Result<core::SslCertificate> Get(core::SslId id) override;
  core::Result<std::pair<core::SslCertificate, std::optional<core::CertificateRecord>>>
  GetWithRecord(core::SslId id) override;
  core::Result<core::SslCertificate> FindBySerial(core::CustomerId customer,
                                                  const std::string& serial) override;
  core::Result<core::SslCertificate> FindByRenewId(core::CustomerId customer,
                                                   const std::string& renew_id) override;
  core::Result<core::SslCertificate> FindByCertificate(
      const core::CertificateRecord& record) override;
  core::Result<void> Update(const core::SslCertificate& cert) override;
  core::Result<SslPage> List(const SslQuery& query) override;
  core::Result<std::vector<core::SslCertificate>> WithStatus(core::SslStatus status,
                                                             int limit) override;
  core::Result<std::vector<core::SslCertificate>> ExpiredAt(core::TimePoint now,
                                                            int limit) override;
  core::Result<std::vector<core::SslCertificate>> DueForRenewal(core::TimePoint now,
                                                                int limit) override;

 private:
  core::Result<core::SslCertificate> One(const std::string& where, std::span<const SqlValue> params,
                                         std::string_view what);
  core::Result<std::vector<core::SslCertificate>> Many(const std::string& rest,
                                                       std::span<const SqlValue> params);
  // Conflict if another row than `self` holds `renew_id` (checked before writing, so a
  // taken one never aborts a PostgreSQL transaction).
  core::Result<void> CheckRenewIdFree(const std::string& renew_id, core::SslId self);

  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
