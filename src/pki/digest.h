#pragma once
// Message digests for audit-log chaining and fingerprints.

#include <cstdint>
#include <string_view>
#include <vector>

namespace certkeep::pki {

/// SHA-256 of `data`.
[[nodiscard]] std::vector<std::uint8_t> Sha256(std::string_view data);

}  // namespace certkeep::pki
