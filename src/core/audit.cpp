#include "core/audit.h"

#include <string>

namespace certkeep::core {

std::string AuditHashInput(const AuditRecord& r) {
  std::string out = r.prev_hash;
  for (const std::string* f : {&r.actor, &r.action, &r.object_type, &r.object_id, &r.detail}) {
    out += '\n';
    out += std::to_string(f->size());  // length-prefixed: no two records share an input
    out += ':';
    out += *f;
  }
  out += '\n';
  out += std::to_string(ToUnixSeconds(r.at));
  if (r.customer_id.value != 0 || !r.source.empty()) {
    out += '\n';
    out += std::to_string(r.customer_id.value);
    out += '\n';
    out += std::to_string(r.source.size());
    out += ':';
    out += r.source;
  }
  return out;
}

std::string CheckpointSignedInput(const AuditCheckpoint& c) {
  return "certkeep-audit-checkpoint\n" + std::to_string(c.customer_id.value) + "\n" +
         std::to_string(c.audit_id.value) + "\n" + c.hash + "\n" +
         std::to_string(ToUnixSeconds(c.at));
}

}  // namespace certkeep::core
