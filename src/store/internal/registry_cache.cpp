#include "store/internal/registry_cache.h"

namespace certkeep::store::internal {

std::optional<std::int64_t> RegistryView::Version() {
  if (cache_ == nullptr || version_) return version_;
  auto rows = conn_.Query("SELECT version FROM registry_version WHERE id = 1");
  if (!rows || rows->empty()) {
    cache_ = nullptr;  // the lookups of this transaction go to the store
    return std::nullopt;
  }
  version_ = rows->front().Int(0);
  return version_;
}

}  // namespace certkeep::store::internal
