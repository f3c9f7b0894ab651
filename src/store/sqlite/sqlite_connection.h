#pragma once
// SQLite back end: one sqlite3 handle per pooled connection, WAL, foreign keys on,
// busy timeout, statements prepared once per connection and reused.

#include <memory>
#include <string>

#include "store/internal/sql.h"

namespace certkeep::store::sqlite {

/// Opens `path` (or ":memory:") with certkeep's pragmas.
[[nodiscard]] core::Result<std::unique_ptr<internal::SqlConnection>> OpenSqliteConnection(
    const std::string& path, int busy_timeout_ms);

}  // namespace certkeep::store::sqlite
