#pragma once
// The password policy every new password meets (NIST SP 800-63B §5.1.1.2: a minimum
// length, no composition rules, and a check against commonly used passwords). A failure
// says which rule failed, in SCM's words: "Password policy violated: ...".

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace certkeep::auth {

/// The fewest characters (Unicode code points) a password may have.
inline constexpr std::size_t kMinPasswordChars = 12;
/// The most bytes (UTF-8) a password may have.
inline constexpr std::size_t kMaxPasswordBytes = 256;
/// Logins shorter than this may appear inside a password (too many false matches).
inline constexpr std::size_t kMinLoginCharsToSearch = 4;

/// Ok when `password` may be set for the admin `login`; otherwise kMalformed with
/// Reason::kPasswordPolicy and a detail naming the rule that failed. The checks run in a
/// fixed order (length in bytes, UTF-8, length in characters, login, repetition, common
/// passwords) and the first failure is reported. Never echoes the password.
[[nodiscard]] core::Result<void> CheckPassword(std::string_view password, std::string_view login);

}  // namespace certkeep::auth
