#pragma once
// The Store over a pool of SqlConnections; both back ends are this class with a
// different connection factory.

#include <memory>

#include "store/internal/pool.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<ConnectionPool> pool, std::string_view backend)
      : pool_(std::move(pool)), backend_(backend) {}

  core::Result<void> RunInTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) override;
  core::Result<void> RunInReadTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) override;
  core::Result<void> Ping() override;
  core::Result<int> SchemaVersion() override;
  std::string_view backend() const override { return backend_; }

  /// Applies pending migrations on one pooled connection.
  [[nodiscard]] core::Result<int> Migrate(std::int64_t now);

 private:
  core::Result<void> Run(const std::function<core::Result<void>(Transaction&)>& work,
                         bool read_only);
  std::unique_ptr<ConnectionPool> pool_;
  std::string_view backend_;
};

}  // namespace certkeep::store::internal
