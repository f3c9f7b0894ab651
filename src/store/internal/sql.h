#pragma once
// The narrow SQL surface both back ends provide. Repositories and migrations are
// written once against it; SQL uses '?' placeholders (the PostgreSQL connection
// rewrites them to $1, $2, ...).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/result.h"

namespace certkeep::store::internal {

/// A bound parameter.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

/// One result row; every column arrives as text (or NULL).
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> columns) : columns_(std::move(columns)) {}
  [[nodiscard]] bool IsNull(std::size_t i) const { return !columns_.at(i).has_value(); }
  [[nodiscard]] const std::string& Text(std::size_t i) const;
  [[nodiscard]] std::int64_t Int(std::size_t i) const;
  [[nodiscard]] std::optional<std::int64_t> OptionalInt(std::size_t i) const;

 private:
  std::vector<std::optional<std::string>> columns_;
};

using SqlRows = std::vector<SqlRow>;

/// A connection's prepared statements by their SQL text, looked up by the caller's
/// string_view (no string is built for a statement prepared before).
struct StatementTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
template <typename Statement>
using StatementCache =
    std::unordered_map<std::string, Statement, StatementTextHash, std::equal_to<>>;

/// Which SQL dialect a connection speaks.
enum class Dialect { kSqlite, kPostgres };

/// What one INSERT, UPDATE or DELETE changed.
struct Changes {
  std::int64_t rows = 0;     ///< rows inserted, updated or deleted
  std::int64_t last_id = 0;  ///< SQLite: the rowid of the last row inserted (PostgreSQL: 0)
};

/// One database connection, used by one thread at a time (the pool sees to that).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  /// Runs one or more statements without parameters.
  [[nodiscard]] virtual core::Result<void> ExecScript(std::string_view sql) = 0;
  /// Runs one transaction-control statement (BEGIN, COMMIT, ROLLBACK); a back end may
  /// keep it prepared, since every transaction runs two.
  [[nodiscard]] virtual core::Result<void> Control(std::string_view sql) { return ExecScript(sql); }
  /// Runs one statement with `params` bound to its '?' placeholders.
  [[nodiscard]] virtual core::Result<SqlRows> Query(std::string_view sql,
                                                    std::span<const SqlValue> params = {}) = 0;
  /// Runs one statement and hands each row to `visit` as it arrives, without holding
  /// the whole result (SQLite steps; PostgreSQL uses single-row mode).
  [[nodiscard]] virtual core::Result<void> QueryEach(
      std::string_view sql, std::span<const SqlValue> params,
      const std::function<void(const SqlRow&)>& visit) = 0;
  /// Runs one INSERT, UPDATE or DELETE with `params` bound; says what it changed. SQLite
  /// runs a RETURNING clause through a temporary table opened and closed per execution,
  /// which costs more than a one-row insert: statements on hot paths that need only a
  /// count or the new id use this (or InsertReturningId) instead.
  [[nodiscard]] virtual core::Result<Changes> Execute(std::string_view sql,
                                                      std::span<const SqlValue> params) = 0;
  /// Runs one INSERT, UPDATE or DELETE whose result nobody reads, now or — where the back
  /// end can, inside a transaction — with the next statement or the COMMIT, in one round
  /// trip (PostgreSQL's pipeline). Its failure then fails that statement or the COMMIT, and
  /// with it the transaction: only for statements whose failure must abort it anyway.
  [[nodiscard]] virtual core::Result<void> ExecuteLater(std::string_view sql,
                                                        std::span<const SqlValue> params) {
    auto changed = Execute(sql, params);
    if (!changed) return core::Fail(changed.error());
    return core::Ok();
  }
  [[nodiscard]] virtual Dialect dialect() const = 0;
  /// True once the connection is unusable and must be replaced.
  [[nodiscard]] virtual bool IsBroken() const = 0;
  /// The statement that opens a write transaction.
  [[nodiscard]] virtual std::string_view BeginStatement() const = 0;
  /// The statement that opens a read-only transaction; empty where reads run each
  /// statement on its own (see PostgresConnection).
  [[nodiscard]] virtual std::string_view BeginReadStatement() const = 0;
};

/// How many rows `from_where` ("FROM t a WHERE ...") selects with `params`.
[[nodiscard]] core::Result<std::int64_t> CountRows(SqlConnection& conn,
                                                   const std::string& from_where,
                                                   std::span<const SqlValue> params,
                                                   std::string_view what);

/// `params` with a page's LIMIT and OFFSET values appended (negatives read as 0).
[[nodiscard]] std::vector<SqlValue> WithPage(std::vector<SqlValue> params, std::int64_t size,
                                             std::int64_t position);

/// Runs `sql` and expects exactly one row, else NotFound with `what` in the detail.
[[nodiscard]] core::Result<SqlRow> QueryOne(SqlConnection& conn, std::string_view sql,
                                            std::span<const SqlValue> params,
                                            std::string_view what);

/// Runs an INSERT of one row into a table keyed by `id` and returns the new row's id, or
/// nullopt when its ON CONFLICT DO NOTHING skipped the row. `sql` has no RETURNING clause.
[[nodiscard]] core::Result<std::optional<std::int64_t>> InsertReturningId(
    SqlConnection& conn, std::string_view sql, std::span<const SqlValue> params);

/// InsertReturningId for an INSERT without a conflict clause: the new row's id.
[[nodiscard]] core::Result<std::int64_t> InsertId(SqlConnection& conn, std::string_view sql,
                                                  std::span<const SqlValue> params);

/// Runs an UPDATE or DELETE meant to change one row: NotFound with `what` in the detail
/// when it changed none.
[[nodiscard]] core::Result<void> ChangeOne(SqlConnection& conn, std::string_view sql,
                                           std::span<const SqlValue> params, std::string_view what);

/// `text` for "x LIKE ? ESCAPE '\'": its wildcards match only themselves.
[[nodiscard]] std::string LikeEscaped(std::string_view text);

/// A subquery listing the ids of one parameter bound to JsonIdArray(ids): "x IN " +
/// IdsFromParam(dialect) is one prepared statement for a list of any length (a list of
/// placeholders would prepare, and keep, one statement per length).
[[nodiscard]] std::string_view IdsFromParam(Dialect dialect);
/// `ids` as a JSON array, the parameter IdsFromParam reads.
[[nodiscard]] std::string JsonIdArray(std::span<const std::int64_t> ids);
/// Like IdsFromParam, for texts: "x IN " + TextsFromParam(dialect), bound to
/// JsonTextArray(texts).
[[nodiscard]] std::string_view TextsFromParam(Dialect dialect);
/// The strings of a column holding a JSON array of strings (anything else is skipped).
[[nodiscard]] std::vector<std::string> TextsOfJson(const std::string& json_text);
/// `texts` as a JSON array of strings, the parameter TextsFromParam reads.
[[nodiscard]] std::string JsonTextArray(std::span<const std::string> texts);

}  // namespace certkeep::store::internal
