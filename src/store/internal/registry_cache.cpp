#include "store/internal/registry_cache.h"

#include "store/request_scope.h"

namespace certkeep::store::internal {

namespace {
thread_local std::optional<std::int64_t>* request_version = nullptr;
}  // namespace

std::optional<std::int64_t>* RequestRegistryVersion() {
  return request_version;
}

}  // namespace certkeep::store::internal

namespace certkeep::store {

RequestScope::RequestScope() : outer_(internal::request_version) {
  internal::request_version = &version_;
}

RequestScope::~RequestScope() {
  internal::request_version = outer_;
}

}  // namespace certkeep::store

namespace certkeep::store::internal {

std::optional<std::int64_t> RegistryView::Version() {
  if (cache_ == nullptr || version_) return version_;
  // PostgreSQL's reads run statement by statement, each at its own snapshot, so a version
  // read earlier in the request is as good as one read now (RequestScope). SQLite's read
  // transactions keep one snapshot, and read the version inside it.
  auto* scoped = conn_.dialect() == Dialect::kPostgres ? RequestRegistryVersion() : nullptr;
  if (scoped != nullptr && *scoped) return version_ = *scoped;
  auto rows = conn_.Query("SELECT version FROM registry_version WHERE id = 1");
  if (!rows || rows->empty()) {
    cache_ = nullptr;  // the lookups of this transaction go to the store
    return std::nullopt;
  }
  version_ = rows->front().Int(0);
  if (scoped != nullptr) *scoped = version_;
  return version_;
}

}  // namespace certkeep::store::internal
