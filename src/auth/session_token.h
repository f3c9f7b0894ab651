#pragma once
// Console session tokens: the cookie value is 32 random bytes; the store keeps only its
// SHA-256 (core::Session::token_hash), so a copy of the database opens no session. Each
// session also has a CSRF token the console echoes in X-CSRF-Token.

#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace certkeep::auth {

/// Random bytes in a session token (256 bits).
inline constexpr std::size_t kSessionTokenBytes = 32;
/// Random bytes in a CSRF token (192 bits).
inline constexpr std::size_t kCsrfTokenBytes = 24;

/// A new session's secrets: `token` goes to the browser only, the rest to the store.
struct SessionToken {
  std::string token{};       ///< unpadded base64url of 32 random bytes: the cookie value
  std::string token_hash{};  ///< HashToken(token)
  std::string csrf_token{};  ///< unpadded base64url of 24 random bytes
};

/// A fresh session token, its hash and a CSRF token, all from `random`.
[[nodiscard]] core::Result<SessionToken> NewSessionToken(core::RandomSource& random);

/// Lower-case hex SHA-256 of the token text, as the store keeps it (64 characters).
/// Fails rather than return a hash that could match another token's.
[[nodiscard]] core::Result<std::string> HashToken(std::string_view token);

/// True when `a` equals `b`, taking the same time wherever they differ: compare the CSRF
/// header with the session's token through this, never with ==.
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace certkeep::auth
