#pragma once
// The domain registry: add names with their delegations to organizations and
// departments, suspend and activate them, delegate, and approve or reject delegations
// asked for by RAOs and DRAOs (scm-api.md §2.7). A domain is seen through any of its
// delegations the caller covers, and changed only by one that covers all of them.

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/clock.h"
#include "core/domain.h"
#include "core/result.h"
#include "service/notifier.h"
#include "store/store.h"

namespace certkeep::service {

/// A delegation as asked for: where, for which certificate types, with which privileges.
struct DelegationRequest {
  core::OrgId org_id{};
  std::set<core::CertType> cert_types{};
  std::set<core::DomainPrivilege> privileges{};
};

/// A new registry row.
struct DomainDraft {
  std::string name{};
  std::string description{};
  bool active = true;
  std::vector<DelegationRequest> delegations{};
};

class Domains {
 public:
  Domains(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  /// Rules' notifications of this use case's events go through `notifier` (cli/serve.cpp
  /// wires it; without one, none are written).
  void SetNotifier(Notifier& notifier) { notifier_ = &notifier; }

  /// The domains delegated to places `who` covers (all of the customer's for an MRAO).
  [[nodiscard]] core::Result<store::DomainPage> List(const authz::Principal& who,
                                                     store::DomainQuery query);
  [[nodiscard]] core::Result<core::Domain> Get(const authz::Principal& who, core::DomainId id);
  /// Adds a row; its delegations are ACTIVE when an MRAO adds it, else REQUESTED.
  [[nodiscard]] core::Result<core::DomainId> Create(const authz::Principal& who,
                                                    const DomainDraft& draft);
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::DomainId id);
  /// Activates (true) or suspends (false) a row.
  [[nodiscard]] core::Result<void> SetActive(const authz::Principal& who, core::DomainId id,
                                             bool active);
  /// Delegates (or re-delegates) each of `ids` to a place `who` covers: all, or (one
  /// refused) none.
  [[nodiscard]] core::Result<void> Delegate(const authz::Principal& who,
                                            std::span<const core::DomainId> ids,
                                            const DelegationRequest& request);
  /// Delegates (or re-delegates) `id` to a place `who` covers.
  [[nodiscard]] core::Result<void> Delegate(const authz::Principal& who, core::DomainId id,
                                            const DelegationRequest& request);
  [[nodiscard]] core::Result<void> RemoveDelegation(const authz::Principal& who, core::DomainId id,
                                                    core::OrgId org);
  /// Approves a REQUESTED delegation: needs approveDomainDelegation and a role above the
  /// admin who asked for it.
  [[nodiscard]] core::Result<void> Approve(const authz::Principal& who, core::DomainId id,
                                           core::OrgId org);
  /// Rejects (removes) a REQUESTED delegation; same rights as Approve.
  [[nodiscard]] core::Result<void> Reject(const authz::Principal& who, core::DomainId id,
                                          core::OrgId org);

 private:
  core::Result<void> Decide(const authz::Principal& who, core::DomainId id, core::OrgId org,
                            bool approve);
  /// "Domain Delegation Requested" for each REQUESTED delegation of `domain` in `delegations`.
  core::Result<void> AnnounceRequests(store::Transaction& tx, const authz::Principal& who,
                                      const core::Domain& domain,
                                      const std::vector<core::Delegation>& delegations);

  store::Store& store_;
  const core::Clock& clock_;
  Notifier* notifier_ = nullptr;
};

/// A registry name as stored: lower case, A-labels, at most one leading "*."; else
/// Malformed (kDomainInvalidName, SCM -732).
[[nodiscard]] core::Result<std::string> NormalizeDomainName(std::string_view name);

}  // namespace certkeep::service
