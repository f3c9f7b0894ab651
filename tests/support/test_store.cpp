#include "support/test_store.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace certkeep::testing {

namespace {

bool PgExec(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(conn, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) ADD_FAILURE() << "postgres: " << PQerrorMessage(conn);
    PQclear(r);
  } else {
    ADD_FAILURE() << "postgres connect: " << PQerrorMessage(conn);
  }
  PQfinish(conn);
  return ok;
}

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

TestStore::TestStore(Backend backend) {
  if (backend == Backend::kSqlite) {
    options_.backend = store::StoreOptions::Backend::kSqlite;
    options_.sqlite_path = (dir_.path() / "test.db").string();
  } else {
    const char* dsn = std::getenv("CERTKEEP_TEST_POSTGRES_DSN");
    if (dsn == nullptr || *dsn == '\0') {
      const char* ci = std::getenv("CI");
      if (ci != nullptr && std::string(ci) == "true") {
        ADD_FAILURE() << "CERTKEEP_TEST_POSTGRES_DSN is not set in CI";
      }
      return;  // ok() is false: the fixture skips
    }
    static std::atomic<int> counter{0};
    schema_ = "ck_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_dsn_ = dsn;
    if (!PgExec(admin_dsn_, "CREATE SCHEMA " + schema_)) return;
    std::string sep = admin_dsn_.find('?') == std::string::npos ? "?" : "&";
    options_.backend = store::StoreOptions::Backend::kPostgres;
    options_.postgres_dsn = admin_dsn_ + sep + "options=-csearch_path%3D" + schema_;
  }
  options_.pool_size = 4;
  options_.busy_timeout_ms = 2000;
  // Tests write "from another process" (ExecRaw) and expect the next request to see it.
  options_.foreign_change_max_age = std::chrono::nanoseconds(0);
  auto opened = store::OpenStore(options_, clock_);
  if (!opened) {
    ADD_FAILURE() << "OpenStore: " << opened.error().detail() << " " << opened.error().internal();
    return;
  }
  store_ = std::move(*opened);
}

TestStore::~TestStore() {
  store_.reset();
  if (!schema_.empty()) PgExec(admin_dsn_, "DROP SCHEMA " + schema_ + " CASCADE");
}

core::Result<std::unique_ptr<store::Store>> TestStore::Reopen() const {
  return store::OpenStore(options_, clock_);
}

bool TestStore::ExecRaw(const std::string& sql) const {
  if (options_.backend == store::StoreOptions::Backend::kPostgres) {
    return PgExec(options_.postgres_dsn, sql);
  }
  std::string out;
  int rc = RunCommand("sqlite3 " + options_.sqlite_path + " \"" + sql + "\"", &out);
  if (rc != 0) ADD_FAILURE() << "sqlite3: " << out;
  return rc == 0;
}

}  // namespace certkeep::testing
