#include "core/certificate.h"

namespace certkeep::core {

std::string NormalizeSerialHex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
    out += c;
  }
  if (out.size() % 2 == 1) out.insert(out.begin(), '0');
  std::size_t zeros = 0;
  while (zeros + 2 < out.size() && out[zeros] == '0' && out[zeros + 1] == '0') zeros += 2;
  return out.substr(zeros);
}

std::string_view ToString(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kReserved:
      return "reserved";
    case CertificateStatus::kIssued:
      return "issued";
    case CertificateStatus::kRevoked:
      return "revoked";
  }
  return "unknown";
}

std::optional<CertificateStatus> ParseCertificateStatus(std::string_view text) {
  for (auto s :
       {CertificateStatus::kReserved, CertificateStatus::kIssued, CertificateStatus::kRevoked}) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

}  // namespace certkeep::core
