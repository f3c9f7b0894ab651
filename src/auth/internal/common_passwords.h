#pragma once
// The list of common passwords CheckPassword refuses. Only auth/ (and its tests) include
// this header.

#include <span>
#include <string_view>

namespace certkeep::auth::internal {

/// Common passwords of 12 characters or more (shorter ones already fail on length),
/// lower-case, sorted and unique so a lookup is a binary search.
[[nodiscard]] std::span<const std::string_view> CommonPasswords();

/// True when `lowercase` (an ASCII-lower-cased password) is in CommonPasswords().
[[nodiscard]] bool IsCommonPassword(std::string_view lowercase);

}  // namespace certkeep::auth::internal
