#pragma once
// Account keys as JWKs (RFC 7517, RFC 7518 §6, RFC 8037): the public key, the members
// that identify it, and its RFC 7638 thumbprint (the key authorization of challenges and
// how an account is found by its key).

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::acme {

struct Jwk {
  /// Only the required members, as RFC 7638 §3.2 lists them (what is stored and compared).
  nlohmann::json members;
  /// base64url(SHA-256(canonical members)).
  std::string thumbprint;
  pki::PublicKey key;
};

/// Reads a public JWK: kty "EC" (P-256, P-384), "RSA" or "OKP" (Ed25519). A JWK holding
/// private members ("d", "p", ...) is refused: a client that sends its private key has a
/// bug we must not paper over. kMalformed/kAcmeBadPublicKey otherwise.
[[nodiscard]] core::Result<Jwk> ParseJwk(const nlohmann::json& jwk);

/// The RFC 7638 thumbprint of a JWK's required members (`members` as ParseJwk keeps them).
[[nodiscard]] std::string Thumbprint(const nlohmann::json& members);

}  // namespace certkeep::acme
