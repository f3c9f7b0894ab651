#pragma once
// OCSP (RFC 6960): parsing requests, building signed responses, and the unsigned error
// responses. A single-response build is cheap (one signature), so the service can sign
// one response per serial ahead of time (RFC 5019's pre-produced responses) and serve it
// to any request whose one CertID matches; caching and refreshing are the service's.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "pki/certificate.h"
#include "pki/key.h"

namespace certkeep::pki {

/// One CertID of a request (RFC 6960 §4.1.1).
struct OcspCertId {
  std::string der;           ///< the exact CertID TLV, echoed in the response
  std::string hash_oid_der;  ///< the hashAlgorithm's OBJECT IDENTIFIER TLV
  std::string issuer_name_hash;
  std::string issuer_key_hash;
  std::string serial;  ///< big-endian magnitude bytes
};

/// A parsed OCSPRequest.
struct OcspRequest {
  std::vector<OcspCertId> ids;
  std::optional<std::string> nonce;  ///< the nonce extension's extnValue, echoed as is
};

/// The most CertIDs one request may ask about.
inline constexpr std::size_t kMaxOcspCertIds = 20;

/// Parses a DER OCSPRequest. A signature or requestorName is accepted and ignored. Fails
/// with kMalformed / kOcspMalformed on anything else that is not a v1 request of 1..20
/// CertIDs (answer those with OcspErrorStatus::kMalformedRequest).
[[nodiscard]] core::Result<OcspRequest> ParseOcspRequest(std::string_view der);

/// Percent-decodes then base64-decodes the tail of an OCSP GET path (RFC 6960 App. A.1)
/// to the DER request; '+', '/' and "%2F" are all accepted, padding is optional.
[[nodiscard]] core::Result<std::string> DecodeOcspGetPath(std::string_view path_tail);

/// The CertID hashes of one issuer: name hash over its subject DER, key hash over its
/// subjectPublicKey BIT STRING value (RFC 6960 §4.1.1).
struct IssuerHashes {
  std::string sha1_name, sha1_key, sha256_name, sha256_key;
};

/// Computes the CertID hashes of `issuer`.
[[nodiscard]] core::Result<IssuerHashes> ComputeIssuerHashes(const Certificate& issuer);

/// The hash algorithms of CertIDs certkeep answers for.
enum class OcspHashAlgorithm { kSha1, kSha256 };

/// True when `id` names the issuer of `hashes` with SHA-1 or SHA-256.
[[nodiscard]] bool IsIssuedBy(const OcspCertId& id, const IssuerHashes& hashes);

/// The DER CertID of `serial` (magnitude bytes) under the issuer of `hashes`, for
/// responses built before any request (RFC 5019 §2.1.1 clients send SHA-1 CertIDs).
[[nodiscard]] std::string MakeOcspCertIdDer(const IssuerHashes& hashes, std::string_view serial,
                                            OcspHashAlgorithm algorithm);

/// The status a SingleResponse gives.
enum class OcspCertStatus { kGood, kRevoked, kUnknown };

/// One SingleResponse to sign.
struct OcspSingleResponse {
  std::string cert_id_der;  ///< OcspCertId::der or MakeOcspCertIdDer
  OcspCertStatus status = OcspCertStatus::kUnknown;
  core::TimePoint revoked_at{};  ///< for kRevoked
  int reason = -1;               ///< CRLReason for kRevoked; -1 or 0 (unspecified) omit it
  core::TimePoint this_update;
  core::TimePoint next_update;  ///< must be after this_update
};

/// A successful response: BasicOCSPResponse with ResponderID byKey (SHA-1 of the
/// responder's key), producedAt, the responses, the nonce extension if given, the
/// signature by `responder_key`, and certs [0] { responder } (a delegated OCSP-signing
/// certificate, or the CA itself).
[[nodiscard]] core::Result<std::string> BuildOcspResponse(
    const Certificate& responder, const PrivateKey& responder_key,
    const std::vector<OcspSingleResponse>& responses, core::TimePoint produced_at,
    const std::optional<std::string>& nonce);

/// The unsuccessful OCSPResponseStatus values (RFC 6960 §4.2.1); 4 is unused.
enum class OcspErrorStatus : std::uint8_t {
  kMalformedRequest = 1,
  kInternalError = 2,
  kTryLater = 3,
  kSigRequired = 5,
  kUnauthorized = 6,
};

/// The unsigned OCSPResponse carrying only `status` (no responseBytes).
[[nodiscard]] std::string OcspErrorResponse(OcspErrorStatus status);

}  // namespace certkeep::pki
