#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

namespace certkeep::store::sqlite {

namespace {

using internal::SqlRows;
using internal::SqlValue;

core::Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string internal = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return core::Error(core::ErrorCode::kConflict, core::Reason::kStoreConstraint,
                         "the change conflicts with existing data", internal);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                         "the store is busy, try again", internal);
    default:
      return core::InternalError(core::Reason::kStoreQuery, internal);
  }
}

struct StmtFree {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFree>;

class SqliteConnection final : public internal::SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    statements_.clear();  // finalize before close
    sqlite3_close_v2(db_);
  }

  core::Result<void> ExecScript(std::string_view sql) override {
    char* msg = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
      std::string what = std::string("exec: ") + (msg ? msg : "");
      sqlite3_free(msg);
      return core::Fail(SqliteError(nullptr, rc, what));
    }
    return core::Ok();
  }

  core::Result<void> Control(std::string_view sql) override {
    auto stmt = Prepare(sql);
    if (!stmt) return core::Fail(stmt.error());
    int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return core::Fail(SqliteError(db_, rc, std::string(sql)));
    return core::Ok();
  }

  core::Result<SqlRows> Query(std::string_view sql, std::span<const SqlValue> params) override {
    SqlRows rows;
    auto r = QueryEach(sql, params, [&](const internal::SqlRow& row) { rows.push_back(row); });
    if (!r) return core::Fail(r.error());
    return rows;
  }

  core::Result<void> QueryEach(std::string_view sql, std::span<const SqlValue> params,
                               const std::function<void(const internal::SqlRow&)>& visit) override {
    auto stmt = Bound(sql, params);
    if (!stmt) return core::Fail(stmt.error());
    sqlite3_stmt* s = *stmt;
    int columns = sqlite3_column_count(s);
    std::vector<std::optional<std::string>> row;
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto err = SqliteError(db_, rc, "step");
        sqlite3_reset(s);
        return core::Fail(err);
      }
      row.clear();
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) {
          row.emplace_back();
        } else {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
        }
      }
      visit(internal::SqlRow(std::move(row)));
    }
    sqlite3_reset(s);
    return core::Ok();
  }

  core::Result<internal::Changes> Execute(std::string_view sql,
                                          std::span<const SqlValue> params) override {
    auto stmt = Bound(sql, params);
    if (!stmt) return core::Fail(stmt.error());
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      auto err = SqliteError(db_, rc, "step");
      sqlite3_reset(*stmt);
      return core::Fail(err);
    }
    sqlite3_reset(*stmt);
    return internal::Changes{.rows = sqlite3_changes64(db_),
                             .last_id = sqlite3_last_insert_rowid(db_)};
  }

  internal::Dialect dialect() const override { return internal::Dialect::kSqlite; }
  bool IsBroken() const override { return false; }
  // IMMEDIATE takes the write lock at once, so two writers never deadlock on upgrade.
  std::string_view BeginStatement() const override { return "BEGIN IMMEDIATE"; }
  std::string_view BeginReadStatement() const override { return "BEGIN DEFERRED"; }

 private:
  // The prepared statement of `sql`, reset, with `params` bound to its placeholders.
  core::Result<sqlite3_stmt*> Bound(std::string_view sql, std::span<const SqlValue> params) {
    auto stmt = Prepare(sql);
    if (!stmt) return core::Fail(stmt.error());
    sqlite3_stmt* s = *stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>)
              return sqlite3_bind_null(s, idx);
            else if constexpr (std::is_same_v<V, std::int64_t>)
              return sqlite3_bind_int64(s, idx, v);
            else
              return sqlite3_bind_text(s, idx, v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
          },
          params[i]);
      if (rc != SQLITE_OK) return core::Fail(SqliteError(db_, rc, "bind"));
    }
    return s;
  }

  core::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second.get();
    std::string key(sql);
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return core::Fail(SqliteError(db_, rc, "prepare"));
    statements_.emplace(key, StmtPtr(s));
    return s;
  }

  sqlite3* db_;
  internal::StatementCache<StmtPtr> statements_;
};

}  // namespace

core::Result<std::unique_ptr<internal::SqlConnection>> OpenSqliteConnection(const std::string& path,
                                                                            int busy_timeout_ms,
                                                                            int cache_mib) {
  // Before SQLite initialises: no memory statistics, whose global mutex every allocation
  // of every connection takes — the pool's threads then contend on nothing shared.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto err =
        core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                    "the store cannot be opened",
                    "sqlite open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return core::Fail(err);
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // WAL lets readers proceed during a write; NORMAL sync is durable at checkpoints and
  // safe against corruption in WAL mode.
  auto r = conn->ExecScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
      "PRAGMA cache_size = -" +
      std::to_string(cache_mib * 1024) + ";");
  if (!r) return core::Fail(r.error().Context("sqlite pragmas for " + path));
  return std::unique_ptr<internal::SqlConnection>(std::move(conn));
}

}  // namespace certkeep::store::sqlite
