#include "core/domain.h"

#include <algorithm>

namespace certkeep::core {

namespace {

struct PrivilegeName {
  DomainPrivilege privilege;
  std::string_view name;
};
constexpr PrivilegeName kPrivilegeNames[] = {
    {DomainPrivilege::kDomain, "DOMAIN"},
    {DomainPrivilege::kSubdomain, "SUBDOMAIN"},
    {DomainPrivilege::kWildcard1stLevel, "WILDCARD_1ST_LEVEL"},
    {DomainPrivilege::kWildcard2ndLevel, "WILDCARD_2ND_LEVEL"},
};

}  // namespace

std::string_view ToString(DomainPrivilege p) {
  for (const auto& n : kPrivilegeNames) {
    if (n.privilege == p) return n.name;
  }
  return "DOMAIN";
}

std::optional<DomainPrivilege> ParseDomainPrivilege(std::string_view text) {
  for (const auto& n : kPrivilegeNames) {
    if (n.name == text) return n.privilege;
  }
  return std::nullopt;
}

std::optional<CertType> ParseCertType(std::string_view text) {
  for (auto t : {CertType::kSsl, CertType::kSmime, CertType::kCodeSigning}) {
    if (ToString(t) == text) return t;
  }
  return std::nullopt;
}

std::string_view ToString(DelegationStatus s) {
  return s == DelegationStatus::kActive ? "ACTIVE" : "REQUESTED";
}

const Delegation* Domain::DelegationTo(OrgId org) const {
  auto it = std::find_if(delegations.begin(), delegations.end(),
                         [org](const Delegation& d) { return d.org_id == org; });
  return it == delegations.end() ? nullptr : &*it;
}

}  // namespace certkeep::core
