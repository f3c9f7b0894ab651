#pragma once
// Standard base64 (RFC 4648 §4), for the few places that store or send binary as text.

#include <optional>
#include <string>
#include <string_view>

namespace certkeep::core {

/// Padded base64 of `data`.
[[nodiscard]] std::string Base64Encode(std::string_view data);
/// Decodes padded or unpadded base64; nullopt on any other character.
[[nodiscard]] std::optional<std::string> Base64Decode(std::string_view text);
/// Decodes the body of a PEM block (RFC 7468 §3): whitespace anywhere, padded to whole
/// 4-character groups; nullopt otherwise.
[[nodiscard]] std::optional<std::string> Base64DecodePem(std::string_view text);

}  // namespace certkeep::core
