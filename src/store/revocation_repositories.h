#pragma once
// The Store's repositories of revocation status as the CA publishes it: CRLs and the OCSP
// responses signed ahead of requests; part of store.h's public face, kept apart by concept.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/certificate.h"
#include "core/certificate_authority.h"
#include "core/clock.h"
#include "core/result.h"

namespace certkeep::store {

/// An OCSP response signed ahead of requests for one certificate (RFC 5019 §2.1).
struct StoredOcspResponse {
  core::CertificateId certificate_id{};
  std::string cert_id_der{};  ///< the CertID it answers (SHA-1)
  std::string der{};          ///< the OCSPResponse
  core::CertificateStatus status = core::CertificateStatus::kIssued;  ///< signed for
  core::TimePoint produced_at{};
  core::TimePoint next_update{};
};

/// Pre-signed OCSP responses, shared by every node.
class OcspResponseRepository {
 public:
  virtual ~OcspResponseRepository() = default;
  /// Writes (or replaces) the response of its certificate.
  [[nodiscard]] virtual core::Result<void> Put(const StoredOcspResponse& response) = 0;
  [[nodiscard]] virtual core::Result<std::optional<StoredOcspResponse>> Get(
      core::CertificateId certificate) = 0;
  /// Certificates of `issuer` (issued or revoked, not expired at `now`) whose response is
  /// missing, was produced before `produced_before` or for another status; at most `limit`.
  [[nodiscard]] virtual core::Result<std::vector<core::CertificateId>> Due(
      core::CaId issuer, core::TimePoint now, core::TimePoint produced_before, int limit) = 0;
};

/// A published CRL.
struct PublishedCrl {
  core::CaId issuer_id;
  std::int64_t crl_number = 0;
  core::TimePoint this_update;
  core::TimePoint next_update;
  std::int64_t entries = 0;
  std::string der;
};

/// The newest CRL of each issuing CA.
class CrlRepository {
 public:
  virtual ~CrlRepository() = default;
  /// The next CRL number of `issuer` (1 for the first), reserved for the caller.
  [[nodiscard]] virtual core::Result<std::int64_t> NextNumber(core::CaId issuer) = 0;
  /// Stores `crl` as the newest unless a higher number is already stored.
  [[nodiscard]] virtual core::Result<void> Publish(const PublishedCrl& crl) = 0;
  /// The newest CRL of `issuer`, if any; without its DER when `with_der` is false.
  [[nodiscard]] virtual core::Result<std::optional<PublishedCrl>> Latest(core::CaId issuer,
                                                                         bool with_der = true) = 0;
  /// Only the number of the newest CRL (cheap: to see whether a cached copy is current).
  [[nodiscard]] virtual core::Result<std::int64_t> LatestNumber(core::CaId issuer) = 0;
};

}  // namespace certkeep::store
