#pragma once
// DNS for domain control validation: the narrow interface the DCV use cases consume,
// and its implementation on libunbound (a validating resolver).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace certkeep::dcv {

/// One CAA record (RFC 8659 §4.1): flags, property tag (lower case) and value.
struct CaaRecord {
  std::uint8_t flags;
  std::string tag;
  std::string value;
};

/// Looks up the records DCV needs.
class DnsResolver {
 public:
  virtual ~DnsResolver() = default;
  /// The TXT records of `name` (each record's character-strings joined); NotFound
  /// (kDnsNoRecord) for NXDOMAIN or no TXT record, Unavailable (kDnsFailure) when the
  /// answer could not be had (SERVFAIL, timeout, DNSSEC bogus).
  [[nodiscard]] virtual core::Result<std::vector<std::string>> Txt(const std::string& name) = 0;
  /// The CNAME target of `name`, lower case without the final dot; errors as for Txt.
  [[nodiscard]] virtual core::Result<std::vector<std::string>> Cname(const std::string& name) = 0;
  /// The A and AAAA records of `name` as text ("192.0.2.1", "2001:db8::1"), CNAMEs
  /// followed; NotFound (kDnsNoRecord) when it has neither, Unavailable (kDnsFailure)
  /// when either lookup fails otherwise.
  [[nodiscard]] virtual core::Result<std::vector<std::string>> Addresses(
      const std::string& name) = 0;
  /// The CAA RRset at exactly `name` (CNAMEs followed, no climbing: see CheckCaa);
  /// NotFound (kDnsNoRecord) when there is none, Unavailable (kDnsFailure) when the
  /// answer could not be had or a record is malformed.
  [[nodiscard]] virtual core::Result<std::vector<CaaRecord>> Caa(const std::string& name) = 0;
};

/// How the libunbound resolver is set up; from [dcv] in certkeep.toml.
struct UnboundOptions {
  /// "host@port" of a forwarder to ask instead of recursing from the root (tests: a
  /// local dnsmasq); empty = full recursion.
  std::string forwarder{};
  /// Domains answered without DNSSEC validation (tests: "test", whose RFC 6761 local
  /// zone is then removed so the forwarder is asked).
  std::vector<std::string> insecure_domains{};
  /// The root trust anchor (Debian's dns-root-data).
  std::string trust_anchor_file = "/usr/share/dns/root.key";
  /// How long one lookup may take before it is a failure.
  std::chrono::milliseconds timeout{10000};
};

/// A validating resolver on libunbound. Thread-safe.
[[nodiscard]] core::Result<std::unique_ptr<DnsResolver>> MakeUnboundResolver(
    const UnboundOptions& options);

}  // namespace certkeep::dcv
