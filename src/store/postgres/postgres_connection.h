#pragma once
// PostgreSQL back end over libpq: statements prepared once per connection, parameters
// sent as text, SQLSTATE mapped to certkeep's error classes.

#include <memory>
#include <string>

#include "store/internal/sql.h"

namespace certkeep::store::postgres {

/// Connects with `dsn` (a libpq keyword string or postgresql:// URI).
[[nodiscard]] core::Result<std::unique_ptr<internal::SqlConnection>> OpenPostgresConnection(
    const std::string& dsn);

/// `sql` with each '?' placeholder rewritten to $1, $2, ... (outside quoted text).
[[nodiscard]] std::string NumberPlaceholders(std::string_view sql);

}  // namespace certkeep::store::postgres
