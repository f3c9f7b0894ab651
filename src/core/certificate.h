#pragma once
// A certificate as the CA records it. (The request workflow of the REST API — Requested,
// Approved, Applied, Issued — is a separate object built on top.)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/profile.h"

namespace certkeep::core {

struct CertificateTag {};
/// Identifies a certificate record.
using CertificateId = Id<CertificateTag>;

/// Where a certificate stands at the CA.
enum class CertificateStatus {
  kReserved,  ///< serial recorded, not (yet) signed: a crash between the two leaves this
  kIssued,
  kRevoked,
};

/// One certificate record.
struct CertificateRecord {
  CertificateId id{};
  std::string serial{};  ///< lower-case hex of the serial number's magnitude
  CaId issuer_id{};
  ProfileId profile_id{};
  CertificateStatus status = CertificateStatus::kReserved;
  std::string subject{};             ///< RFC 2253 text
  std::vector<std::string> names{};  ///< the subjectAltName entries, as authorized
  TimePoint not_before{};
  TimePoint not_after{};
  std::string pem{};  ///< empty while reserved
  std::optional<TimePoint> revoked_at{};
  std::optional<int> revocation_reason{};  ///< RFC 5280 CRLReason
  TimePoint created_at{};
};

/// A serial number as certkeep stores and compares it: lower-case hex of the minimal
/// magnitude, from any of "0A:1B:...", "0a1b...", "0x0a1b..."; empty if not hex.
[[nodiscard]] std::string NormalizeSerialHex(std::string_view text);

/// "reserved", "issued", "revoked".
[[nodiscard]] std::string_view ToString(CertificateStatus status);
[[nodiscard]] std::optional<CertificateStatus> ParseCertificateStatus(std::string_view text);

}  // namespace certkeep::core
