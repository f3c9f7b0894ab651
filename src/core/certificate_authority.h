#pragma once
// A CA of certkeep's own hierarchy, as the rest of the system sees it.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/ids.h"

namespace certkeep::core {

/// Whether a CA is the self-signed root or issues under a parent.
enum class CaRole { kRoot, kIssuing };

/// A certificate authority: its certificate, where its key lives, and its place.
struct CertificateAuthority {
  CaId id{};
  std::string name{};  ///< unique, e.g. "root", "issuing-1"
  CaRole role = CaRole::kRoot;
  std::optional<CaId> parent_id{};  ///< empty for the root
  std::string certificate_pem{};
  std::string key_ref{};  ///< "file:<path>" now; "pkcs11:<uri>" with issue #4
  TimePoint created_at{};
};

/// Another certificate for a CA's key and name, from another issuer (RFC 5280 §3.2's
/// cross-certificate), with the certificates above it: the start of an alternative chain
/// for what the CA issues.
struct CrossCertificate {
  std::int64_t id = 0;
  CaId ca_id{};
  std::string certificate_pem{};
  std::string chain_pem{};  ///< the certificates above it, PEM, nearest first; may be empty
  TimePoint created_at{};
};

/// "root" or "issuing", as stored and shown.
[[nodiscard]] std::string_view ToString(CaRole role);
/// The inverse of ToString; empty for unknown text.
[[nodiscard]] std::optional<CaRole> ParseCaRole(std::string_view text);

}  // namespace certkeep::core
