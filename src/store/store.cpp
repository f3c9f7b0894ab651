#include "store/store.h"

#include "store/internal/sql_store.h"
#include "store/postgres/postgres_connection.h"
#include "store/sqlite/change_monitor.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/wal_checkpointer.h"

namespace certkeep::store {

core::Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                               const core::Clock& clock) {
  using Factory = internal::ConnectionPool::Factory;
  Factory factory;
  int size = std::max(1, options.pool_size);
  std::string_view backend;
  std::function<std::uint64_t()> external_changes;
  std::shared_ptr<void> background;
  std::unique_ptr<internal::ConnectionPool> writer;
  if (options.backend == StoreOptions::Backend::kSqlite) {
    backend = "sqlite";
    // Each ":memory:" connection is a separate database: keep exactly one.
    if (options.sqlite_path == ":memory:") {
      size = 1;
      external_changes = [] { return std::uint64_t{0}; };  // no other process can write
    } else {
      external_changes = [monitor = std::make_shared<sqlite::WalChangeMonitor>(
                              options.sqlite_path, options.foreign_change_max_age)] {
        return monitor->Fingerprint();
      };
    }
    auto sqlite_factory = [path = options.sqlite_path, busy = options.busy_timeout_ms](
                              int cache_mib, std::string pragmas) -> Factory {
      Factory open = [=] { return sqlite::OpenSqliteConnection(path, busy, cache_mib); };
      if (path == ":memory:") return open;
      // The checkpointer's thread checkpoints; a writer only when it falls far behind.
      pragmas += "PRAGMA wal_autocheckpoint = " +
                 std::to_string(sqlite::WalCheckpointer::kBackstopPages) + ";";
      return [open = std::move(open),
              pragmas]() -> core::Result<std::unique_ptr<internal::SqlConnection>> {
        auto conn = open();
        if (!conn) return conn;
        if (auto r = (*conn)->ExecScript(pragmas); !r) return core::Fail(r.error());
        return conn;
      };
    };
    factory = sqlite_factory(sqlite::kReaderCacheMiB, "");
    if (options.sqlite_path != ":memory:") {
      auto checkpointer =
          sqlite::WalCheckpointer::Start(options.sqlite_path, std::chrono::milliseconds(200));
      if (!checkpointer) return core::Fail(checkpointer.error());
      background = std::shared_ptr<sqlite::WalCheckpointer>(std::move(*checkpointer));
      // The writer keeps its temporary data in memory: the copies of the pages each writer
      // sharing a commit changed in its savepoint (bounded by what a transaction writes)
      // stay out of temporary files. Readers keep theirs on disk: a sort of a million
      // rows may spill there.
      writer = std::make_unique<internal::ConnectionPool>(
          sqlite_factory(sqlite::kWriterCacheMiB, "PRAGMA temp_store = MEMORY;"), 1,
          std::chrono::milliseconds(options.busy_timeout_ms));
    }
  } else {
    backend = "postgres";
    factory = [dsn = options.postgres_dsn] { return postgres::OpenPostgresConnection(dsn); };
  }
  auto pool = std::make_unique<internal::ConnectionPool>(
      std::move(factory), size, std::chrono::milliseconds(options.busy_timeout_ms));
  auto store =
      std::make_unique<internal::SqlStore>(std::move(pool), backend, std::move(external_changes),
                                           std::move(writer), std::move(background));
  auto version = store->Migrate(core::ToUnixSeconds(clock.Now()));
  if (!version) return core::Fail(version.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace certkeep::store
