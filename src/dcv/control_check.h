#pragma once
// Looks for the evidence a domain control validation asks the domain's owner to publish:
// a TXT record, a CNAME record or a file under /.well-known/pki-validation/ (CA/Browser
// Forum Baseline Requirements 3.2.2.4.7 and 3.2.2.4.18/19). Email has no such check: a
// person answers it.

#include <string>

#include "core/domain_validation.h"
#include "core/result.h"
#include "dcv/dns_resolver.h"
#include "dcv/http_fetcher.h"

namespace certkeep::dcv {

/// What to look for, and where.
struct Evidence {
  core::DcvMethod method = core::DcvMethod::kTxt;
  std::string name{};      ///< the name being proved
  std::string token{};     ///< HTTP(S): the file name; CNAME: the label (without "_")
  std::string expected{};  ///< the file's first line, the CNAME target or the TXT value
};

/// Where the evidence for `e` is published, as the owner is told: the URL, or the DNS
/// name with its final dot.
[[nodiscard]] std::string EvidenceLocation(const Evidence& e);

/// Checks evidence; implementations are thread-safe.
class ControlCheck {
 public:
  virtual ~ControlCheck() = default;
  /// Ok when the evidence is in place; else an error whose detail says, in words a
  /// domain owner understands, what was found instead.
  [[nodiscard]] virtual core::Result<void> Check(const Evidence& evidence) = 0;
};

/// Checks over the network: DNS through `dns`, files through `fetcher`.
class NetworkControlCheck final : public ControlCheck {
 public:
  NetworkControlCheck(DnsResolver& dns, HttpFetcher& fetcher) : dns_(dns), fetcher_(fetcher) {}
  [[nodiscard]] core::Result<void> Check(const Evidence& evidence) override;

 private:
  DnsResolver& dns_;
  HttpFetcher& fetcher_;
};

}  // namespace certkeep::dcv
