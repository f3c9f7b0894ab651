#pragma once
// The Store over a pool of SqlConnections; both back ends are this class with a
// different connection factory.

#include <atomic>
#include <functional>
#include <memory>

#include "store/internal/commit_group.h"
#include "store/internal/pool.h"
#include "store/internal/registry_cache.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlStore final : public Store {
 public:
  /// `external_changes`, when given, fingerprints commits by other processes (see
  /// ChangeToken); without it the store cannot tell and ChangeToken is nullopt.
  /// `writer`, when given (SQLite on a file), is the one connection every write
  /// transaction of this process uses; `background` lives as long as the store.
  SqlStore(std::unique_ptr<ConnectionPool> pool, std::string_view backend,
           std::function<std::uint64_t()> external_changes = {},
           std::unique_ptr<ConnectionPool> writer = {}, std::shared_ptr<void> background = {})
      : pool_(std::move(pool)),
        writer_(std::move(writer)),
        background_(std::move(background)),
        backend_(backend),
        external_changes_(std::move(external_changes)) {
    if (backend_ == "sqlite") {
      sqlite_writes_ = std::make_unique<CommitGroup>(
          writer_ ? *writer_ : *pool_, "BEGIN IMMEDIATE", kMaxWritersPerCommit,
          [this] { local_commits_.fetch_add(1, std::memory_order_acq_rel); });
    }
  }

  core::Result<void> RunInTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) override;
  core::Result<void> RunInReadTransaction(
      const std::function<core::Result<void>(Transaction&)>& work) override;
  core::Result<void> RunSingleStatement(
      const std::function<core::Result<void>(Transaction&)>& work) override;
  std::optional<std::uint64_t> ChangeToken() const override;
  core::Result<void> Ping() override;
  core::Result<int> SchemaVersion() override;
  std::string_view backend() const override { return backend_; }

  /// Applies pending migrations on one pooled connection.
  [[nodiscard]] core::Result<int> Migrate(std::int64_t now);

 private:
  core::Result<void> Run(const std::function<core::Result<void>(Transaction&)>& work,
                         bool read_only);
  std::unique_ptr<ConnectionPool> pool_;
  /// SQLite keeps a page cache per connection and drops it whenever another connection
  /// has committed. With every write on one connection, the writer's cache stays warm:
  /// a write transaction reads its pages from memory instead of from the file and the WAL
  /// (measured: 100 reads less per certificate issued).
  std::unique_ptr<ConnectionPool> writer_;
  /// What works beside the store for as long as it lives (SQLite: the WAL checkpointer).
  std::shared_ptr<void> background_;
  std::string_view backend_;
  std::function<std::uint64_t()> external_changes_;
  /// Write transactions of this process: bumped before and after each COMMIT, so a token
  /// taken while a commit is in flight differs from the one after it.
  std::atomic<std::uint64_t> local_commits_{0};
  /// SQLite has one writer at a time; its busy handler makes the others sleep in steps of
  /// up to 100 ms. Writers of this process queue here instead, and those that meet share
  /// a commit (other processes, e.g. the CLI, still meet the busy timeout).
  static constexpr int kMaxWritersPerCommit = 16;
  std::unique_ptr<CommitGroup> sqlite_writes_;
  /// The registry as read transactions last read it (see RegistryCache).
  RegistryCache registry_;
};

}  // namespace certkeep::store::internal
