#pragma once
// The issuance gate every issuance path asks before a certificate is signed: each name
// must be under an active domain delegated (ACTIVE) to the request's organization or
// department for the certificate type with the privilege the name needs, covered by an
// unexpired validation (core::CheckIssuanceGate), and allowed by CAA (RFC 8659) to our
// issuer domain names — when the CA has any configured.

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/result.h"
#include "dcv/dns_resolver.h"
#include "store/store.h"

namespace certkeep::service {

class IssuanceGate {
 public:
  /// `caa_issuer_domains` empty: CAA is not checked (a private CA; university domains
  /// often publish CAA for their public CA only), and `dns` may be null.
  IssuanceGate(store::Store& store, const core::Clock& clock, dcv::DnsResolver* dns,
               std::vector<std::string> caa_issuer_domains)
      : store_(store),
        clock_(clock),
        dns_(dns),
        caa_issuer_domains_(std::move(caa_issuer_domains)) {}

  /// The registry and validation part, inside the caller's transaction.
  [[nodiscard]] core::Result<void> CheckRegistry(store::Transaction& tx, core::CustomerId customer,
                                                 core::OrgId org, core::CertType type,
                                                 const std::vector<std::string>& names);
  /// CAA for every name (network; call it outside any transaction).
  [[nodiscard]] core::Result<void> CheckCaa(const std::vector<std::string>& names);
  /// Both, the registry in a read transaction of its own.
  [[nodiscard]] core::Result<void> Check(core::CustomerId customer, core::OrgId org,
                                         core::CertType type,
                                         const std::vector<std::string>& names);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  dcv::DnsResolver* dns_;
  std::vector<std::string> caa_issuer_domains_;
};

}  // namespace certkeep::service
