#pragma once
// Writing and verifying the hash-chained audit log.

#include "core/audit.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// Appends `record` to the log inside `tx`, chaining it onto the newest record.
/// `record.at`, `prev_hash` and `hash` are filled in here.
[[nodiscard]] core::Result<core::AuditId> RecordAudit(store::Transaction& tx,
                                                      const core::Clock& clock,
                                                      core::AuditRecord record);

/// Walks the whole log; returns the id of the first record whose chain is broken, or
/// nullopt when every hash matches.
[[nodiscard]] core::Result<std::optional<core::AuditId>> VerifyAuditChain(store::Store& store);

}  // namespace certkeep::service
