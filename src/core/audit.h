#pragma once
// Audit records: every change that matters writes one in the same transaction, and
// each record's hash covers the previous one, so a removed or edited row is visible.

#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "core/tenancy.h"

namespace certkeep::core {

/// One audited action.
struct AuditRecord {
  AuditId id{};
  TimePoint at{};
  CustomerId customer_id{};   ///< whose chain: 0 is certkeep's own (the CA, the CLI)
  std::string actor{};        ///< "system", "cli", or an admin's login
  std::string source{};       ///< the client's address, "" for local work
  std::string action{};       ///< e.g. "ca.create"
  std::string object_type{};  ///< e.g. "ca"
  std::string object_id{};
  std::string detail{};     ///< JSON text, never a secret
  std::string prev_hash{};  ///< hex SHA-256 of the previous record, "" for the first
  std::string hash{};       ///< hex SHA-256 over prev_hash and this record's fields
};

/// The exact bytes hashed for `record` (everything but id and hash), so writer and
/// verifier agree: length-prefixed fields after the previous hash. Records of
/// certkeep's own chain without a source (all written before schema 5) hash as they
/// did then.
[[nodiscard]] std::string AuditHashInput(const AuditRecord& record);

}  // namespace certkeep::core

namespace certkeep::core {

/// A signed statement of a chain's head: "customer C's audit chain had head H at record
/// N at time T". Rewriting rows and recomputing the hashes cannot forge one.
struct AuditCheckpoint {
  CustomerId customer_id{};
  AuditId audit_id{};
  std::string hash{};  ///< the head record's hash
  TimePoint at{};
  std::string signature{};  ///< base64 of the signature over CheckpointSignedInput
};

/// The bytes a checkpoint signs.
[[nodiscard]] std::string CheckpointSignedInput(const AuditCheckpoint& checkpoint);

}  // namespace certkeep::core
