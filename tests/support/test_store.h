#pragma once
// Stores for tests: a fresh SQLite file, or a fresh schema on the PostgreSQL server
// named by CERTKEEP_TEST_POSTGRES_DSN (scripts/run-tests starts one). The same suite
// runs on both; without the DSN the PostgreSQL cases skip, except in CI where they fail.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace certkeep::testing {

enum class Backend { kSqlite, kPostgres };

/// How gtest prints a Backend in test names and failures.
inline void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "sqlite" : "postgres");
}

/// Names for value-parameterized suites: "Sqlite", "Postgres".
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

/// A store on an empty database that is dropped when this object goes.
class TestStore {
 public:
  explicit TestStore(Backend backend);
  ~TestStore();

  /// False (with the test skipped or failed) when the back end is unavailable.
  [[nodiscard]] bool ok() const { return store_ != nullptr; }
  [[nodiscard]] store::Store& store() { return *store_; }
  [[nodiscard]] const store::StoreOptions& options() const { return options_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  /// Opens the same database again (as a restarted server would).
  [[nodiscard]] core::Result<std::unique_ptr<store::Store>> Reopen() const;
  /// Runs one SQL statement outside the Store (to tamper, or to inspect).
  bool ExecRaw(const std::string& sql) const;

 private:
  TempDir dir_;
  core::SystemClock clock_;
  store::StoreOptions options_;
  std::string schema_;
  std::string admin_dsn_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace certkeep::testing
