#pragma once
// Every ACME POST is a JWS (RFC 8555 §6.2): the checks they all share, in the order that
// makes a failure cheapest — transport, media type, syntax, URL, key, signature, nonce.

#include <optional>
#include <string>

#include "acme/jwk.h"
#include "acme/jws.h"
#include "core/acme.h"
#include "core/result.h"
#include "http/message.h"
#include "service/acme_accounts.h"

namespace certkeep::acme {

/// Which key a request must be signed with (RFC 8555 §6.2): `jwk` for newAccount (and
/// revokeCert by certificate key), `kid` for everything else.
enum class KeyRule { kJwk, kKid, kEither };

/// A request whose JWS checked out.
struct Signed {
  Jws jws;
  Jwk key;                                   ///< the key that verified it
  std::optional<core::AcmeAccount> account;  ///< set when signed by `kid`
};

/// The base of every URL of directory `name` as the client reached it:
/// "https://" Host "/acme/" name.
[[nodiscard]] std::string BaseUrl(const http::Request& request, const std::string& directory);

/// Checks `request` as a JWS of directory `directory` under `rule`; uses up its nonce.
[[nodiscard]] core::Result<Signed> Authenticate(const http::Request& request,
                                                service::AcmeAccounts& accounts,
                                                const std::string& directory, KeyRule rule);

}  // namespace certkeep::acme
