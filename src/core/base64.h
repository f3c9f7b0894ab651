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

/// Decodes unpadded base64url (RFC 4648 §5) as JOSE writes it (RFC 7515 §2): only the URL
/// alphabet, no '=', no whitespace, and zero bits where the last character has spare ones,
/// so that each byte string has exactly one accepted spelling; nullopt otherwise.
[[nodiscard]] std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace certkeep::core
