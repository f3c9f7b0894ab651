#pragma once
// The repositories, written once in portable SQL over SqlConnection.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlCaRepository final : public CaRepository {
 public:
  explicit SqlCaRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::CaId> Insert(const core::CertificateAuthority& ca) override;
  core::Result<core::CertificateAuthority> Get(core::CaId id) override;
  core::Result<core::CertificateAuthority> FindByName(const std::string& name) override;
  core::Result<std::vector<core::CertificateAuthority>> List() override;

 private:
  SqlConnection& conn_;
};

class SqlAuditRepository final : public AuditRepository {
 public:
  explicit SqlAuditRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<core::AuditId> Append(const core::AuditRecord& record) override;
  core::Result<std::optional<core::AuditRecord>> Last() override;
  core::Result<std::vector<core::AuditRecord>> List(core::AuditId after, int limit) override;

 private:
  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
