#pragma once
// Audit records: every change that matters writes one in the same transaction, and
// each record's hash covers the previous one, so a removed or edited row is visible.

#include <string>

#include "core/clock.h"
#include "core/ids.h"

namespace certkeep::core {

/// One audited action.
struct AuditRecord {
  AuditId id{};
  TimePoint at{};
  std::string actor{};        ///< "system", "cli", or an admin's login
  std::string action{};       ///< e.g. "ca.create"
  std::string object_type{};  ///< e.g. "ca"
  std::string object_id{};
  std::string detail{};     ///< JSON text, never a secret
  std::string prev_hash{};  ///< hex SHA-256 of the previous record, "" for the first
  std::string hash{};       ///< hex SHA-256 over prev_hash and this record's fields
};

/// The exact bytes hashed for `record` (everything but id and hash), so writer and
/// verifier agree: fields joined by '\n' after the previous hash.
[[nodiscard]] std::string AuditHashInput(const AuditRecord& record);

}  // namespace certkeep::core
