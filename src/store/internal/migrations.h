#pragma once
// Numbered schema migrations (src/store/migrations/NNNN_name.sql), embedded in the
// binary and applied at start, each in its own transaction with its version row.

#include <span>
#include <string_view>

#include "store/internal/sql.h"

namespace certkeep::store::internal {

/// One schema step.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  ///< with {{ID}} placeholders, see ForDialect
};

/// Every migration the binary carries, in version order.
[[nodiscard]] std::span<const Migration> EmbeddedMigrations();

/// `sql` with the dialect's spellings substituted for the placeholders ({{ID}}, the
/// registry triggers), and of its "{{SQLITE}} ... {{END}}" and "{{POSTGRES}} ... {{END}}"
/// blocks only the dialect's own, for the few changes the two spell apart. For SQLite also
/// every "CHECK (column IN ('a', 'b', ...))" becomes "CHECK (column = 'a' OR column = 'b'
/// OR ...)", the same constraint: SQLite checks an IN list of three or more values by
/// building a temporary table per inserted or updated row.
[[nodiscard]] std::string ForDialect(std::string_view sql, Dialect dialect);

/// SQLite: gives the tables of a store created before ForDialect spelled CHECK lists as
/// comparisons that spelling, in the schema's text (the rows stay as they are); returns
/// how many tables changed. Nothing on PostgreSQL. ApplyMigrations runs it, and goes on
/// if it fails (the old spelling means the same).
[[nodiscard]] core::Result<int> RespellCheckLists(SqlConnection& conn);

/// Applies every migration of `migrations` newer than the recorded schema version.
/// Fails (and changes nothing) if the store is newer than this binary.
/// `now` (Unix seconds) is recorded as each step's applied_at.
[[nodiscard]] core::Result<int> ApplyMigrations(SqlConnection& conn,
                                                std::span<const Migration> migrations,
                                                std::int64_t now);

}  // namespace certkeep::store::internal
