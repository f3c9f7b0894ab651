#pragma once
// Every ACME POST is a JWS (RFC 8555 §6.2): the checks they all share, in the order that
// makes a failure cheapest — transport, media type, syntax, URL, key, signature, nonce.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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

/// Account keys as parsed JWKs, by their stored JSON: building an EVP_PKEY from JWK members
/// costs more than verifying a signature with it, and an account signs many requests.
/// Thread-safe; bounded (emptied when full).
class KeyCache {
 public:
  /// The key `jwk_json` (an account's stored members) parsed, from the cache when there.
  [[nodiscard]] core::Result<Jwk> Get(const std::string& jwk_json);

 private:
  static constexpr std::size_t kMaxEntries = 10'000;
  std::mutex mu_;
  std::unordered_map<std::string, Jwk> keys_;
};

/// A request whose JWS checked out.
struct Signed {
  Jws jws;
  Jwk key;                                   ///< the key that verified it
  std::optional<core::AcmeAccount> account;  ///< set when signed by `kid`
  std::string next_nonce;                    ///< issued with the use of this one

  /// `response` with this request's Replay-Nonce (RFC 8555 §6.5).
  [[nodiscard]] http::Response Answer(http::Response response) const;
};

/// The base of every URL of directory `name` as the client reached it:
/// "https://" Host "/acme/" name.
[[nodiscard]] std::string BaseUrl(const http::Request& request, const std::string& directory);

/// Checks `request` as a JWS of directory `directory` under `rule`; uses up its nonce and
/// takes the next one in the same step. Account keys come through `keys`.
[[nodiscard]] core::Result<Signed> Authenticate(const http::Request& request,
                                                service::AcmeAccounts& accounts, KeyCache& keys,
                                                const std::string& directory, KeyRule rule);

}  // namespace certkeep::acme
