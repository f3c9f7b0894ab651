#pragma once
// The outbound HTTP(S) client of file-based domain validation (CA/Browser Forum Baseline
// Requirements §3.2.2.4.18 and .19): it GETs http(s)://<host>/.well-known/pki-validation/
// <file>. It runs inside the operator's network and the URL is chosen by whoever asks for
// a certificate, so it is built not to be a way into that network: it connects only to
// public addresses, checked after its own DNS lookup and pinned so that the connection
// cannot be sent elsewhere by a second lookup (DNS rebinding); it follows redirects
// itself, checking every hop the same way; and it bounds time and size.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dcv/dns_resolver.h"

namespace certkeep::dcv {

/// How HttpFetcher connects; production uses the defaults.
struct FetchOptions {
  /// Exact IP addresses exempt from the refusal of non-public ones (tests: {"127.0.0.1"}).
  std::vector<std::string> allowed_addresses{};
  /// The ports used for http:// and https:// URLs. The Baseline Requirements allow only
  /// 80 and 443; other values are for test mode alone, which the caller enforces.
  int http_port = 80;
  int https_port = 443;
  /// Redirects followed before giving up.
  int max_redirects = 3;
  /// The largest body accepted; a validation file is a few hundred bytes.
  std::size_t max_body_bytes = 16 * 1024;
  /// The limit on each hop's whole request, connection included.
  std::chrono::milliseconds timeout{10000};
  /// Empty: an https:// peer's certificate is not verified, since the file's content is
  /// the proof of control, as it is over http:// where nothing is verified at all (and a
  /// site being set up often has no trusted certificate yet). Else only a certificate for
  /// the host chaining to a certificate in this PEM file is accepted.
  std::string https_ca_file{};
};

/// The final answer, after any redirects.
struct FetchResult {
  /// Always 200: any other final status is an error.
  int status = 0;
  /// At most max_body_bytes, as sent (no content decoding is asked for).
  std::string body{};
  /// The URL that answered, as fetched (its port shown when not the scheme's default).
  std::string final_url{};
};

/// True for an IP address that may be reached on the public Internet. False for text that
/// is not an address and for private, shared, loopback, link-local, multicast, reserved,
/// benchmarking and documentation ranges; IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4
/// addresses are judged by the IPv4 address they carry.
[[nodiscard]] bool IsPublicAddress(std::string_view ip);

/// GETs domain validation files over HTTP and HTTPS with libcurl. Get may run on several
/// threads at once (each call uses its own handles) when the resolver allows it.
class HttpFetcher {
 public:
  /// `dns` must outlive the fetcher.
  HttpFetcher(DnsResolver& dns, FetchOptions options);

  /// GETs `url` (http:// or https:// only) and returns the 200 answer, following up to
  /// max_redirects redirects of the kinds BR §3.2.2.4.18 allows (301, 302, 307, 308; a 303
  /// is an answer like any other that is not 200). The port is the options' port for
  /// the scheme: a URL may name that port or none, any other is refused (RejectedIdentifier,
  /// kFetchFailed), as are user names and passwords in it. Failures:
  /// Forbidden (kFetchForbiddenAddress) when a hop's host has no address certkeep may
  /// connect to; the resolver's error when its lookup fails; RejectedIdentifier for an
  /// answer that is not the file (kFetchFailed: status not 200; kFetchTooLarge;
  /// kFetchTooManyRedirects); Unavailable when no answer came (kFetchTimeout; kFetchFailed:
  /// connection or TLS failure).
  [[nodiscard]] core::Result<FetchResult> Get(const std::string& url);

 private:
  DnsResolver& dns_;
  FetchOptions options_;
};

}  // namespace certkeep::dcv
