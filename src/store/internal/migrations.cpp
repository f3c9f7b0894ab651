#include "store/internal/migrations.h"

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certkeep::store::internal {

namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

core::Error MigrationError(const core::Error& e, std::string_view what) {
  return core::Error(e.code(), core::Reason::kStoreMigration, e.detail(),
                     std::string(what) + ": " + e.internal());
}

core::Result<int> CurrentVersion(SqlConnection& conn) {
  auto rows = conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!rows) return core::Fail(rows.error());
  return static_cast<int>(rows->front().Int(0));
}

// Serialises concurrent starts of several nodes on one PostgreSQL database; SQLite's
// BEGIN IMMEDIATE already holds the write lock.
core::Result<void> LockSchema(SqlConnection& conn) {
  if (conn.dialect() != Dialect::kPostgres) return core::Ok();
  auto r = conn.Query("SELECT pg_advisory_xact_lock(7263501)");
  if (!r) return core::Fail(r.error());
  return core::Ok();
}

// Reads the text at `pos` as "CHECK (column IN ('a', 'b', ...))" and returns the
// comparison chain and the length read; nullopt for any other text.
std::optional<std::pair<std::string, std::size_t>> CheckListAt(std::string_view sql,
                                                               std::size_t pos) {
  std::size_t i = pos;
  auto space = [&] {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  };
  auto word = [&] {
    std::size_t start = i;
    while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'))
      ++i;
    return sql.substr(start, i - start);
  };
  auto take = [&](char c) {
    space();
    if (i >= sql.size() || sql[i] != c) return false;
    ++i;
    return true;
  };
  if (word() != "CHECK" || !take('(')) return std::nullopt;
  space();
  auto column = word();
  space();
  if (column.empty() || word() != "IN" || !take('(')) return std::nullopt;
  std::string chain;
  do {
    space();
    if (i >= sql.size() || sql[i] != '\'') return std::nullopt;
    auto end = sql.find('\'', i + 1);
    if (end == std::string_view::npos) return std::nullopt;
    if (!chain.empty()) chain += " OR ";
    chain += std::string(column) + " = " + std::string(sql.substr(i, end + 1 - i));
    i = end + 1;
  } while (take(','));
  if (!take(')') || !take(')')) return std::nullopt;
  return std::pair{"CHECK (" + chain + ")", i - pos};
}

// `sql` with each CHECK list spelled as a comparison chain (see ForDialect).
std::string SpellCheckLists(std::string sql) {
  for (auto pos = sql.find("CHECK"); pos != std::string::npos; pos = sql.find("CHECK", pos + 1)) {
    if (auto chain = CheckListAt(sql, pos)) sql.replace(pos, chain->second, chain->first);
  }
  return sql;
}

// The triggers by which a change to `table` raises registry_version (0014).
std::string RegistryBump(std::string_view table, Dialect dialect) {
  std::string t(table);
  if (dialect == Dialect::kPostgres) {
    return "CREATE CONSTRAINT TRIGGER " + t + "_registry_version AFTER INSERT OR UPDATE OR " +
           "DELETE ON " + t + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " +
           "raise_registry_version();";
  }
  std::string out;
  for (auto [suffix, event] : {std::pair{"insert", "INSERT"}, std::pair{"update", "UPDATE"},
                               std::pair{"delete", "DELETE"}}) {
    out += "CREATE TRIGGER " + t + "_registry_version_" + suffix + " AFTER " + event + " ON " +
           t + " BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END;\n";
  }
  return out;
}

// `sql` with its "{{SQLITE}} ... {{END}}" and "{{POSTGRES}} ... {{END}}" blocks kept
// (without their markers) for `dialect` and dropped for the other.
std::string DialectBlocks(std::string sql, Dialect dialect) {
  static constexpr std::string_view kEnd = "{{END}}";
  for (auto [marker, kept] : {std::pair{std::string_view("{{SQLITE}}"), Dialect::kSqlite},
                              std::pair{std::string_view("{{POSTGRES}}"), Dialect::kPostgres}}) {
    for (auto pos = sql.find(marker); pos != std::string::npos; pos = sql.find(marker, pos)) {
      auto end = sql.find(kEnd, pos);
      if (end == std::string::npos) break;  // left in place: the statement then fails
      if (dialect == kept) {
        sql.erase(end, kEnd.size());
        sql.erase(pos, marker.size());
      } else {
        sql.erase(pos, end + kEnd.size() - pos);
      }
    }
  }
  return sql;
}

}  // namespace

std::string ForDialect(std::string_view sql, Dialect dialect) {
  static constexpr std::string_view kId = "{{ID}}";
  static constexpr std::string_view kBumpFunction = "{{REGISTRY_BUMP_FUNCTION}}";
  static constexpr std::string_view kBump = "{{REGISTRY_BUMP ";
  std::string_view id = dialect == Dialect::kSqlite
                            ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                            : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  std::string out = DialectBlocks(std::string(sql), dialect);
  for (auto pos = out.find(kId); pos != std::string::npos; pos = out.find(kId, pos)) {
    out.replace(pos, kId.size(), id);
    pos += id.size();
  }
  if (auto pos = out.find(kBumpFunction); pos != std::string::npos) {
    out.replace(pos, kBumpFunction.size(),
                dialect == Dialect::kSqlite
                    ? ""
                    : "CREATE FUNCTION raise_registry_version() RETURNS trigger LANGUAGE plpgsql "
                      "AS $$ BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; "
                      "RETURN NULL; END $$;");
  }
  for (auto pos = out.find(kBump); pos != std::string::npos; pos = out.find(kBump, pos)) {
    auto end = out.find("}}", pos);
    if (end == std::string::npos) break;
    auto table = out.substr(pos + kBump.size(), end - pos - kBump.size());
    auto triggers = RegistryBump(table, dialect);
    out.replace(pos, end + 2 - pos, triggers);
    pos += triggers.size();
  }
  return dialect == Dialect::kSqlite ? SpellCheckLists(std::move(out)) : out;
}

core::Result<int> RespellCheckLists(SqlConnection& conn) {
  if (conn.dialect() != Dialect::kSqlite) return 0;
  auto tables =
      conn.Query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%'");
  if (!tables) return core::Fail(tables.error());
  std::vector<std::pair<std::string, std::string>> respelled;
  for (const auto& t : *tables) {
    auto sql = SpellCheckLists(std::string(t.Text(1)));
    if (sql != t.Text(1)) respelled.emplace_back(t.Text(0), std::move(sql));
  }
  if (respelled.empty()) return 0;
  // https://sqlite.org/lang_altertable.html#otheralter: a change that leaves every stored
  // row as it is (here: the same constraint, spelled otherwise) may edit the schema's text,
  // with the schema version bumped so that every connection reads it again.
  auto step = [&]() -> core::Result<void> {
    auto version = conn.Query("PRAGMA schema_version");
    if (!version) return core::Fail(version.error());
    if (auto r = conn.ExecScript("PRAGMA writable_schema = ON"); !r) return r;
    for (const auto& [name, sql] : respelled) {
      std::vector<SqlValue> params{sql, name};
      auto r = conn.Execute("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?",
                            params);
      if (!r) return core::Fail(r.error());
    }
    if (auto r = conn.ExecScript("PRAGMA schema_version = " +
                                 std::to_string(version->front().Int(0) + 1));
        !r) {
      return r;
    }
    return conn.ExecScript("PRAGMA writable_schema = OFF");
  };
  if (auto r = conn.ExecScript(conn.BeginStatement()); !r) return core::Fail(r.error());
  if (auto r = step(); !r) {
    (void)conn.ExecScript("ROLLBACK");
    (void)conn.ExecScript("PRAGMA writable_schema = OFF");
    return core::Fail(MigrationError(r.error(), "respelling CHECK lists"));
  }
  if (auto r = conn.ExecScript("COMMIT"); !r) {
    return core::Fail(MigrationError(r.error(), "committing respelled CHECK lists"));
  }
  return static_cast<int>(respelled.size());
}

core::Result<int> ApplyMigrations(SqlConnection& conn, std::span<const Migration> migrations,
                                  std::int64_t now) {
  int version = 0;
  for (const auto& m : migrations) {
    auto step = [&]() -> core::Result<bool> {
      if (auto r = LockSchema(conn); !r) return core::Fail(r.error());
      if (auto r = conn.ExecScript(kCreateVersionTable); !r) return core::Fail(r.error());
      auto current = CurrentVersion(conn);
      if (!current) return core::Fail(current.error());
      version = *current;
      if (m.version <= version) return false;
      if (auto r = conn.ExecScript(ForDialect(m.sql, conn.dialect())); !r) {
        return core::Fail(r.error());
      }
      std::vector<SqlValue> params{std::int64_t{m.version}, std::string(m.name), now};
      auto r = conn.Query("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                          params);
      if (!r) return core::Fail(r.error());
      version = m.version;
      return true;
    };
    if (auto r = conn.ExecScript(conn.BeginStatement()); !r) {
      return core::Fail(MigrationError(r.error(), "beginning a migration"));
    }
    auto applied = step();
    if (!applied) {
      (void)conn.ExecScript("ROLLBACK");
      return core::Fail(MigrationError(applied.error(), "migration " + std::string(m.name)));
    }
    if (auto r = conn.ExecScript("COMMIT"); !r) {
      return core::Fail(MigrationError(r.error(), "committing " + std::string(m.name)));
    }
  }
  // Refuse a store written by a newer certkeep: its schema may mean things we don't know.
  auto current = CurrentVersion(conn);
  if (!current) return core::Fail(current.error());
  int known = migrations.empty() ? 0 : migrations.back().version;
  if (*current > known) {
    return core::Fail(
        core::ErrorCode::kUnavailable, core::Reason::kStoreMigration,
        "the store's schema is newer than this certkeep",
        "schema version " + std::to_string(*current) + " > known " + std::to_string(known));
  }
  // Only faster writes hang on it: where SQLite refuses to edit its schema (a build in
  // defensive mode), the lists keep their IN spelling, which means the same.
  (void)RespellCheckLists(conn);
  return *current;
}

}  // namespace certkeep::store::internal
