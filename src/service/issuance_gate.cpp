#include "service/issuance_gate.h"

#include "core/domain_validation.h"
#include "dcv/caa.h"

namespace certkeep::service {

core::Result<void> IssuanceGate::CheckRegistry(store::Transaction& tx, core::CustomerId customer,
                                               core::OrgId org, core::CertType type,
                                               const std::vector<std::string>& names) {
  auto now = clock_.Now();
  for (const auto& name : names) {
    auto domains = tx.domains().ListCandidates(customer, name);
    if (!domains) return core::Fail(domains.error());
    auto validations = tx.dcv().ValidationsFor(customer, name);
    if (!validations) return core::Fail(validations.error());
    if (auto r = core::CheckIssuanceGate(*domains, *validations, org, type, {name}, now); !r) {
      return r;
    }
  }
  return core::Ok();
}

core::Result<void> IssuanceGate::CheckCaa(const std::vector<std::string>& names) {
  if (caa_issuer_domains_.empty()) return core::Ok();
  if (dns_ == nullptr) {
    return core::Fail(core::InternalError(core::Reason::kDnsFailure,
                                          "CAA issuer domains configured without a resolver"));
  }
  for (const auto& name : names) {
    if (auto r = dcv::CheckCaa(*dns_, name, caa_issuer_domains_); !r) return r;
  }
  return core::Ok();
}

core::Result<void> IssuanceGate::Check(core::CustomerId customer, core::OrgId org,
                                       core::CertType type, const std::vector<std::string>& names) {
  auto registry = store_.Read(
      [&](store::Transaction& tx) { return CheckRegistry(tx, customer, org, type, names); });
  if (!registry) return registry;
  return CheckCaa(names);
}

}  // namespace certkeep::service
