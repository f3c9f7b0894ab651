#include "service/audit_log.h"

#include <map>

#include "core/base64.h"
#include "core/random.h"
#include "pki/digest.h"

namespace certkeep::service {

namespace {

std::string HashOf(const core::AuditRecord& r) {
  return core::Hex(pki::Sha256(core::AuditHashInput(r)));
}

constexpr int kPage = 500;

}  // namespace

core::Result<void> RecordAudit(store::Transaction& tx, const core::Clock& clock,
                               core::AuditRecord record) {
  return tx.audit().Add(std::move(record), [&clock](core::AuditRecord& chained) {
    chained.at = clock.Now();
    chained.hash = HashOf(chained);
  });
}

core::AuditRecord AuditBy(const authz::Principal& who, std::string action, std::string object_type,
                          std::int64_t object_id, std::string detail) {
  return {.customer_id = who.customer_id,
          .actor = who.login,
          .source = who.source,
          .action = std::move(action),
          .object_type = std::move(object_type),
          .object_id = std::to_string(object_id),
          .detail = std::move(detail)};
}

core::Result<AuditVerification> VerifyAudit(store::Store& store,
                                            const pki::PublicKey* checkpoint_key) {
  return store.Read([&](store::Transaction& tx) -> core::Result<AuditVerification> {
    AuditVerification v;
    auto heads = tx.audit().Heads();
    if (!heads) return core::Fail(heads.error());
    auto broken = [&v](core::AuditId id, std::string problem) {
      if (!v.first_broken || id < *v.first_broken) {
        v.first_broken = id;
        v.problem = std::move(problem);
      }
    };
    for (const auto& [customer, head] : *heads) {
      auto checkpoints = tx.audit().Checkpoints(customer);
      if (!checkpoints) return core::Fail(checkpoints.error());
      std::map<std::int64_t, const core::AuditCheckpoint*> by_record;
      for (const auto& c : *checkpoints) {
        ++v.checkpoints;
        if (checkpoint_key != nullptr) {
          auto sig = core::Base64Decode(c.signature);
          if (!sig || !checkpoint_key->Verify(core::CheckpointSignedInput(c), *sig)) {
            broken(c.audit_id, "checkpoint at record " + std::to_string(c.audit_id.value) +
                                   " has a bad signature");
          }
        }
        by_record[c.audit_id.value] = &c;
      }
      std::string prev;
      core::AuditId after{0};
      std::int64_t seen_head = 0;
      for (;;) {
        auto page = tx.audit().ListChain(customer, after, kPage);
        if (!page) return core::Fail(page.error());
        if (page->empty()) break;
        for (const auto& r : *page) {
          ++v.records;
          if (r.prev_hash != prev)
            broken(r.id, "does not link to the record before it");
          else if (r.hash != HashOf(r))
            broken(r.id, "its contents do not match its hash");
          if (auto c = by_record.find(r.id.value); c != by_record.end()) {
            if (c->second->hash != r.hash) {
              broken(r.id, "differs from what the signed checkpoint of " +
                               core::ToRfc3339(c->second->at) + " recorded");
            }
            by_record.erase(c);
          }
          prev = r.hash;
          after = r.id;
          seen_head = r.id.value;
        }
      }
      for (const auto& [id, c] : by_record) {
        broken(core::AuditId{id}, "a record named by a signed checkpoint is missing");
      }
      if (seen_head != head.id.value || prev != head.hash) {
        broken(core::AuditId{seen_head},
               "the chain ends before its recorded head " + std::to_string(head.id.value));
      }
    }
    return v;
  });
}

core::Result<std::optional<core::AuditId>> VerifyAuditChain(store::Store& store) {
  auto v = VerifyAudit(store, nullptr);
  if (!v) return core::Fail(v.error());
  return v->first_broken;
}

core::Result<int> WriteAuditCheckpoints(store::Store& store, const core::Clock& clock,
                                        const pki::PrivateKey& key) {
  return store.Transact([&](store::Transaction& tx) -> core::Result<int> {
    auto heads = tx.audit().Heads();
    if (!heads) return core::Fail(heads.error());
    int written = 0;
    for (const auto& [customer, head] : *heads) {
      auto existing = tx.audit().Checkpoints(customer);
      if (!existing) return core::Fail(existing.error());
      if (!existing->empty() && existing->back().audit_id == head.id) continue;
      core::AuditCheckpoint c{.customer_id = customer,
                              .audit_id = head.id,
                              .hash = head.hash,
                              .at = clock.Now(),
                              .signature = {}};
      auto sig = key.Sign(core::CheckpointSignedInput(c));
      if (!sig) return core::Fail(sig.error());
      c.signature = core::Base64Encode(*sig);
      if (auto r = tx.audit().AddCheckpoint(c); !r) return core::Fail(r.error());
      ++written;
    }
    return written;
  });
}

}  // namespace certkeep::service
