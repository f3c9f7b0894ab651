#include "service/audit_log.h"

#include "core/random.h"
#include "pki/digest.h"

namespace certkeep::service {

namespace {

std::string HashOf(const core::AuditRecord& r) {
  return core::Hex(pki::Sha256(core::AuditHashInput(r)));
}

}  // namespace

core::Result<core::AuditId> RecordAudit(store::Transaction& tx, const core::Clock& clock,
                                        core::AuditRecord record) {
  auto last = tx.audit().Last();
  if (!last) return core::Fail(last.error());
  record.at = clock.Now();
  record.prev_hash = *last ? (*last)->hash : std::string();
  record.hash = HashOf(record);
  return tx.audit().Append(record);
}

core::Result<std::optional<core::AuditId>> VerifyAuditChain(store::Store& store) {
  return store.Transact([&](store::Transaction& tx) -> core::Result<std::optional<core::AuditId>> {
    std::string prev;
    core::AuditId after{0};
    for (;;) {
      auto page = tx.audit().List(after, 500);
      if (!page) return core::Fail(page.error());
      if (page->empty()) return std::optional<core::AuditId>();
      for (const auto& r : *page) {
        if (r.prev_hash != prev || r.hash != HashOf(r)) return std::optional<core::AuditId>(r.id);
        prev = r.hash;
        after = r.id;
      }
    }
  });
}

}  // namespace certkeep::service
