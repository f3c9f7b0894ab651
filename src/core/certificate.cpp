#include "core/certificate.h"

namespace certkeep::core {

std::string_view ToString(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kReserved: return "reserved";
    case CertificateStatus::kIssued: return "issued";
    case CertificateStatus::kRevoked: return "revoked";
  }
  return "unknown";
}

std::optional<CertificateStatus> ParseCertificateStatus(std::string_view text) {
  for (auto s : {CertificateStatus::kReserved, CertificateStatus::kIssued, CertificateStatus::kRevoked}) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace certkeep::core
