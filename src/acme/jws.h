#pragma once
// The JWS of every ACME POST (RFC 8555 §6.2): flattened JSON serialization, a protected
// header with `alg`, `nonce`, `url` and exactly one of `jwk` and `kid`, no unprotected
// header, one signature. Parsing here is syntax only; which key verifies it, and whether
// the nonce and URL are right, the caller decides.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "pki/jose.h"
#include "pki/key.h"

namespace certkeep::acme {

struct ProtectedHeader {
  pki::JwsAlgorithm alg;
  /// Absent only where RFC 8555 wants none (the inner JWS of a key change, §7.3.5).
  std::optional<std::string> nonce;
  std::string url;
  std::optional<nlohmann::json> jwk;
  std::optional<std::string> kid;
};

struct Jws {
  ProtectedHeader header;
  std::string protected_b64;  ///< as sent: the signing input is protected_b64 "." payload_b64
  std::string payload_b64;
  std::string payload;    ///< decoded; empty for POST-as-GET (RFC 8555 §6.3)
  std::string signature;  ///< decoded
};

/// What the header must carry: a nonce (every request but the inner key-change JWS).
enum class NonceRule { kRequired, kForbidden };

/// Parses a flattened JWS. kMalformed with kAcmeBadJws (or kAcmeBadSignatureAlgorithm for
/// an `alg` not accepted) and a detail naming what is wrong.
[[nodiscard]] core::Result<Jws> ParseJws(std::string_view body,
                                         NonceRule nonce = NonceRule::kRequired);
/// The same, from an already parsed object (the inner JWS of a key change).
[[nodiscard]] core::Result<Jws> ParseJwsObject(const nlohmann::json& body, NonceRule nonce);

/// The inner JWS of a newAccount's `externalAccountBinding` (RFC 8555 §7.3.4): "alg" a MAC
/// algorithm, "kid" the key identifier, "url" the newAccount URL, no nonce; its payload the
/// account's JWK.
struct EabJws {
  pki::MacAlgorithm alg = pki::MacAlgorithm::kHs256;
  std::string kid;
  std::string url;
  std::string signing_input;  ///< protected "." payload, as sent
  std::string signature;      ///< decoded
  nlohmann::json payload;     ///< the JWK
};

/// Parses `body` as such a JWS (syntax only: the MAC is checked by the service, which
/// holds the key). kMalformed with kAcmeBadJws naming what is wrong.
[[nodiscard]] core::Result<EabJws> ParseEabJws(const nlohmann::json& body);

/// True when the JWS's signature verifies with `key` under the header's `alg`.
[[nodiscard]] bool VerifyJws(const Jws& jws, const pki::PublicKey& key);

/// The payload as a strict JSON object; an empty payload (POST-as-GET) is refused.
[[nodiscard]] core::Result<nlohmann::json> PayloadObject(const Jws& jws);

}  // namespace certkeep::acme
