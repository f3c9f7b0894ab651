#include "auth/session_token.h"

#include "pki/digest.h"

namespace certkeep::auth {

core::Result<SessionToken> NewSessionToken(core::RandomSource& random) {
  SessionToken out;
  out.token = core::RandomToken(random, kSessionTokenBytes);
  auto hash = HashToken(out.token);
  if (!hash) return core::Fail(hash.error());
  out.token_hash = std::move(*hash);
  out.csrf_token = core::RandomToken(random, kCsrfTokenBytes);
  return out;
}

core::Result<std::string> HashToken(std::string_view token) {
  std::vector<std::uint8_t> digest = pki::Sha256(token);
  // pki::Sha256 gives fewer bytes only when OpenSSL failed; an empty hash would be the
  // same for every token, so it must never reach a session lookup.
  if (digest.size() != 32) {
    return core::Fail(core::InternalError(core::Reason::kCryptoFailure, "SHA-256 of a token"));
  }
  return core::Hex(digest);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return pki::ConstantTimeEquals(a, b);
}

}  // namespace certkeep::auth
