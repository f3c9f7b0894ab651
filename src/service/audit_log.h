#pragma once
// Writing and verifying the hash-chained audit log: one chain per customer (0 is
// certkeep's own), and signed checkpoints of each chain's head, so that rewriting rows
// and recomputing every hash is still detected.

#include <optional>
#include <string>

#include "authz/authz.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/result.h"
#include "pki/key.h"
#include "store/store.h"

namespace certkeep::service {

/// Appends `record` to its customer's chain as `tx` commits (AuditRepository::Add): its
/// `at` (the time it is chained), `prev_hash` and `hash` are filled in then.
[[nodiscard]] core::Result<void> RecordAudit(store::Transaction& tx, const core::Clock& clock,
                                             core::AuditRecord record);

/// An audit record of `who`'s `action` on `object_type` `object_id`; `detail` is JSON.
[[nodiscard]] core::AuditRecord AuditBy(const authz::Principal& who, std::string action,
                                        std::string object_type, std::int64_t object_id,
                                        std::string detail);

/// What a verification found.
struct AuditVerification {
  std::int64_t records = 0;                     ///< records checked
  std::int64_t checkpoints = 0;                 ///< checkpoints checked
  std::optional<core::AuditId> first_broken{};  ///< the first record that fails, if any
  std::string problem{};                        ///< what is wrong with it
};

/// Walks every chain: each record's hash and link, and each checkpoint (its signature
/// with `checkpoint_key`, when given, and that the record it names still has the hash it
/// signed).
[[nodiscard]] core::Result<AuditVerification> VerifyAudit(store::Store& store,
                                                          const pki::PublicKey* checkpoint_key);

/// Shorthand: the first broken record of any chain (checkpoints unchecked), or nullopt.
[[nodiscard]] core::Result<std::optional<core::AuditId>> VerifyAuditChain(store::Store& store);

/// Signs and stores a checkpoint of every chain whose head moved since its last one;
/// returns how many were written.
[[nodiscard]] core::Result<int> WriteAuditCheckpoints(store::Store& store, const core::Clock& clock,
                                                      const pki::PrivateKey& key);

}  // namespace certkeep::service
