#pragma once

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlCrlRepository final : public CrlRepository {
 public:
  explicit SqlCrlRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<std::int64_t> NextNumber(core::CaId issuer) override;
  core::Result<void> Publish(const PublishedCrl& crl) override;
  core::Result<std::optional<PublishedCrl>> Latest(core::CaId issuer, bool with_der) override;
  core::Result<std::int64_t> LatestNumber(core::CaId issuer) override;

 private:
  SqlConnection& conn_;
};

class SqlOcspResponseRepository final : public OcspResponseRepository {
 public:
  explicit SqlOcspResponseRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<void> Put(const StoredOcspResponse& response) override;
  core::Result<std::optional<StoredOcspResponse>> Get(core::CertificateId certificate) override;
  core::Result<std::vector<core::CertificateId>> Due(core::CaId issuer, core::TimePoint now,
                                                     core::TimePoint produced_before,
                                                     int limit) override;

 private:
  SqlConnection& conn_;
};

class SqlJobLeaseRepository final : public JobLeaseRepository {
 public:
  explicit SqlJobLeaseRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<bool> Acquire(const std::string& name, const std::string& holder,
                             core::TimePoint now, core::TimePoint until,
                             core::TimePoint due_before) override;
  core::Result<void> Finish(const std::string& name, const std::string& holder,
                            core::TimePoint now) override;

 private:
  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
