#pragma once
// The TLS side of ACME's tls-alpn-01 challenge (RFC 8737): connect, offer only the
// "acme-tls/1" protocol with the name being validated as SNI, and read what the server's
// certificate says. Nothing is verified here: the certificate is self-signed by design,
// and its acmeIdentifier extension is the proof, judged by the caller.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace certkeep::pki {

/// What a server presented to a tls-alpn-01 probe.
struct AlpnCertificate {
  std::string alpn{};                    ///< the protocol negotiated; "" when none
  std::vector<std::string> dns_names{};  ///< the leaf's subjectAltName dNSNames
  int alt_names = 0;                     ///< its subjectAltName entries of every kind
  /// The id-pe-acmeIdentifier extension's value (RFC 8737 §3: an OCTET STRING holding
  /// the SHA-256 of the key authorization), if the leaf has one.
  std::optional<std::string> acme_identifier{};
  bool acme_identifier_critical = false;
};

/// Connects to `ip` (an address, not a name: the caller resolved and vetted it) on
/// `port`, handshakes as RFC 8737 §3 says and returns the leaf certificate's parts.
/// Unavailable (kFetchFailed) when no connection was made, kAcmeTlsFailure when the
/// handshake failed, each within `timeout`.
[[nodiscard]] core::Result<AlpnCertificate> ProbeAcmeTlsAlpn(const std::string& ip, int port,
                                                             const std::string& server_name,
                                                             std::chrono::milliseconds timeout);

}  // namespace certkeep::pki
