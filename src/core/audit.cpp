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
  return out;
}

}  // namespace certkeep::core
