#pragma once
// Looks at an ACME client's answer to a challenge (RFC 8555 §8.3 http-01, §8.4 dns-01,
// RFC 8737 tls-alpn-01): the key authorization served over HTTP, its digest in a TXT record
// or in the acmeIdentifier extension of the certificate a TLS server presents for
// "acme-tls/1". Over the same SSRF-safe fetcher, address policy and validating resolver as
// domain control validation.

#include <chrono>
#include <string>
#include <vector>

#include "core/acme.h"
#include "core/result.h"
#include "dcv/dns_resolver.h"
#include "dcv/http_fetcher.h"

namespace certkeep::dcv {

/// Checks challenge answers; implementations are thread-safe.
class ChallengeCheck {
 public:
  virtual ~ChallengeCheck() = default;
  /// Ok when `name` answers challenge `type` with `token` by `expected`: the key
  /// authorization (http-01), or base64url(SHA-256(key authorization)) (dns-01,
  /// tls-alpn-01). Else the
  /// reason, its detail saying what was found instead.
  [[nodiscard]] virtual core::Result<void> Check(core::ChallengeType type, const std::string& name,
                                                 const std::string& token,
                                                 const std::string& expected) = 0;
};

/// Where tls-alpn-01 connects, and which addresses it may reach (as FetchOptions says for
/// HTTP: public ones, and in tests the listed ones).
struct TlsAlpnOptions {
  std::vector<std::string> allowed_addresses{};
  int port = 443;  ///< RFC 8737 §3: 443; another only in test mode (the caller enforces)
  std::chrono::milliseconds timeout{10000};
};

/// Checks over the network.
class NetworkChallengeCheck final : public ChallengeCheck {
 public:
  NetworkChallengeCheck(DnsResolver& dns, HttpFetcher& fetcher, TlsAlpnOptions tls)
      : dns_(dns), fetcher_(fetcher), tls_(std::move(tls)) {}
  [[nodiscard]] core::Result<void> Check(core::ChallengeType type, const std::string& name,
                                         const std::string& token,
                                         const std::string& expected) override;

 private:
  core::Result<void> CheckTlsAlpn(const std::string& name, const std::string& expected);

  DnsResolver& dns_;
  HttpFetcher& fetcher_;
  TlsAlpnOptions tls_;
};

}  // namespace certkeep::dcv
