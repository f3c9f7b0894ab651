#include "core/certificate_authority.h"

namespace certkeep::core {

std::string_view ToString(CaRole role) {
  return role == CaRole::kRoot ? "root" : "issuing";
}

std::optional<CaRole> ParseCaRole(std::string_view text) {
  if (text == "root") return CaRole::kRoot;
  if (text == "issuing") return CaRole::kIssuing;
  return std::nullopt;
}

}  // namespace certkeep::core
