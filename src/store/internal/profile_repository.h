#pragma once

#include "store/internal/registry_cache.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlProfileRepository final : public ProfileRepository {
 public:
  /// `registry` answers the registry lookups (from its cache in a read transaction).
  SqlProfileRepository(SqlConnection& conn, RegistryView& registry)
      : conn_(conn), registry_(registry) {}
  core::Result<core::ProfileId> Insert(const core::CertificateProfile& profile,
                                       core::TimePoint now) override;
  core::Result<void> Update(const core::CertificateProfile& profile, core::TimePoint now) override;
  core::Result<core::CertificateProfile> Get(core::ProfileId id) override;
  core::Result<core::CertificateProfile> FindByName(const std::string& name) override;
  core::Result<std::vector<core::CertificateProfile>> List() override;

 private:
  SqlConnection& conn_;
  RegistryView& registry_;
};

}  // namespace certkeep::store::internal
