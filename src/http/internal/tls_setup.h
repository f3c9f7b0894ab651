#pragma once
// What the server needs around its sockets without Beast: the TLS context's settings,
// the listen address parsed, the request id checked, the client certificate read.

#include <openssl/ssl.h>

#include <string>
#include <string_view>

#include "core/result.h"

namespace certkeep::http::internal {

/// TLS 1.2+ with Mozilla's "intermediate" suites, ALPN for HTTP/1.1, the chain and key
/// from PEM files; with `client_ca_file`, a client certificate is asked for (never
/// required) and must chain to one of those CAs.
[[nodiscard]] core::Result<void> ConfigureTls(SSL_CTX* ctx, const std::string& chain_file,
                                              const std::string& key_file,
                                              const std::string& client_ca_file);

struct HostPort {
  std::string host;  ///< without the brackets of an IPv6 address
  std::string port;
};

/// "host:port" or "[v6]:port".
[[nodiscard]] core::Result<HostPort> SplitHostPort(const std::string& text);

/// Whether a client's X-Request-Id may be kept: 1-64 of [A-Za-z0-9._-].
[[nodiscard]] bool IsValidRequestId(std::string_view id);

/// The verified client certificate of a finished handshake: serial (normalised hex) and
/// issuer (RFC 2253); both empty when there is none or it did not verify.
struct ClientCertificate {
  std::string serial;
  std::string issuer;
};
[[nodiscard]] ClientCertificate VerifiedClientCertificate(SSL* ssl);

}  // namespace certkeep::http::internal
