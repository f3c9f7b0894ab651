#pragma once
// The cryptography of JOSE as ACME uses it (RFC 7515, RFC 7518, RFC 8037): public keys
// from JWK members, JWS signature checks, and the HMAC of External Account Binding.
// Parsing the JSON around them is acme/'s; only bytes cross this boundary.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::pki {

/// The JWS `alg` values accepted on account keys (RFC 8555 §6.2 requires ES256 and
/// EdDSA-capable servers to be lenient; RS256 is what most clients send).
enum class JwsAlgorithm { kEs256, kEs384, kRs256, kEdDsa };

/// The `alg` spelling ("ES256", "ES384", "RS256", "EdDSA"); an error naming the accepted
/// ones otherwise (RFC 8555 §6.2: "none" and MAC algorithms are refused).
[[nodiscard]] core::Result<JwsAlgorithm> ParseJwsAlgorithm(std::string_view alg);
[[nodiscard]] std::string_view ToString(JwsAlgorithm alg);

/// An EC public key from a JWK's `crv` ("P-256", "P-384") and the decoded `x` and `y`
/// (each exactly the curve's field size); refused when the point is not on the curve.
[[nodiscard]] core::Result<PublicKey> EcPublicKeyFromJwk(std::string_view crv, std::string_view x,
                                                         std::string_view y);
/// An RSA public key from the decoded big-endian `n` and `e`: 2048 to 8192 bits, an odd
/// exponent above 1 (as for a CSR, so a key refused there is refused here).
[[nodiscard]] core::Result<PublicKey> RsaPublicKeyFromJwk(std::string_view n, std::string_view e);
/// An OKP public key (RFC 8037): `crv` "Ed25519" only, `x` the 32 decoded bytes.
[[nodiscard]] core::Result<PublicKey> OkpPublicKeyFromJwk(std::string_view crv, std::string_view x);

/// True when `signature` (as JWS carries it: R‖S for ECDSA, RFC 7518 §3.4) over
/// `signing_input` verifies with `key` under `alg`. A key of another type than `alg`
/// names, or an ECDSA signature of the wrong length (a DER one, say), is false.
[[nodiscard]] bool VerifyJwsSignature(const PublicKey& key, JwsAlgorithm alg,
                                      std::string_view signing_input, std::string_view signature);

/// The MAC algorithms of External Account Binding (RFC 8555 §7.3.4: HS256 at least).
enum class MacAlgorithm { kHs256, kHs384, kHs512 };
[[nodiscard]] core::Result<MacAlgorithm> ParseMacAlgorithm(std::string_view alg);
/// HMAC of `data` under `key` with `alg`.
[[nodiscard]] core::Result<std::vector<std::uint8_t>> Hmac(MacAlgorithm alg,
                                                           std::span<const std::uint8_t> key,
                                                           std::string_view data);

}  // namespace certkeep::pki
