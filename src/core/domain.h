#pragma once
// Domains: a customer's registry of names, delegated to organizations and departments
// for certificate types, with what each may request under a name (scm-api.md §2.7, §3.5).

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct DomainTag {};
/// Identifies a registry row.
using DomainId = Id<DomainTag>;

/// What a delegation lets its org/department request under a registry row
/// (SCM's domainCertificateRequestPrivileges).
enum class DomainPrivilege { kDomain, kSubdomain, kWildcard1stLevel, kWildcard2ndLevel };

[[nodiscard]] std::string_view ToString(DomainPrivilege p);
[[nodiscard]] std::optional<DomainPrivilege> ParseDomainPrivilege(std::string_view text);
/// "SSL", "SMIME", "CodeSign".
[[nodiscard]] std::optional<CertType> ParseCertType(std::string_view text);

/// ACTIVE (approved) or REQUESTED (waiting for an admin with approveDomainDelegation).
enum class DelegationStatus { kActive, kRequested };
[[nodiscard]] std::string_view ToString(DelegationStatus s);

/// A registry row delegated to one organization or department.
struct Delegation {
  OrgId org_id{};
  std::set<CertType> cert_types{};
  std::set<DomainPrivilege> privileges{};
  DelegationStatus status = DelegationStatus::kRequested;
  std::optional<AdminId> requested_by{};
};

/// One registry row: a name (possibly a wildcard row, "*.example.org").
struct Domain {
  DomainId id{};
  CustomerId customer_id{};
  std::string name{};  ///< lower case, A-labels
  std::string description{};
  bool active = true;  ///< false: SUSPENDED, covers nothing
  std::vector<Delegation> delegations{};
  TimePoint created_at{};

  /// The delegation to `org`, if any.
  [[nodiscard]] const Delegation* DelegationTo(OrgId org) const;
};

}  // namespace certkeep::core
