#pragma once
// SQLite back end: one sqlite3 handle per pooled connection, WAL, foreign keys on,
// busy timeout, statements prepared once per connection and reused.

#include <memory>
#include <string>

#include "store/internal/sql.h"

namespace certkeep::store::sqlite {

/// Page cache of a reading connection, and of the one writing connection: the writer's
/// transactions also read what they change (an expiry scan walks an index of a million
/// certificates while it writes the mail), and every page SQLite must drop from its cache
/// in a transaction is read again, or spilled to the WAL, one system call per page.
inline constexpr int kReaderCacheMiB = 8;
inline constexpr int kWriterCacheMiB = 64;

/// Opens `path` (or ":memory:") with certkeep's pragmas and a page cache of `cache_mib`.
[[nodiscard]] core::Result<std::unique_ptr<internal::SqlConnection>> OpenSqliteConnection(
    const std::string& path, int busy_timeout_ms, int cache_mib = kReaderCacheMiB);

}  // namespace certkeep::store::sqlite
