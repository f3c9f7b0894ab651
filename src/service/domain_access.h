#pragma once
// Who may act on a domain: shared by the registry (domains.cpp) and domain control
// validation (domain_control.cpp). A domain is seen through any of its delegations the
// caller covers, and changed only by one that covers all of them.

#include <cstdint>
#include <map>

#include "authz/authz.h"
#include "core/domain.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// The customer's organizations and departments by id.
using OrgMap = std::map<std::int64_t, core::Organization>;
[[nodiscard]] core::Result<OrgMap> LoadOrgs(store::Transaction& tx, core::CustomerId customer);

/// `action` at every place `domain` is delegated to (`all`), or at any one of them. An
/// MRAO covers them all; a domain without delegations is the MRAO's alone. A delegation
/// still waiting for approval counts for everything but validation.
[[nodiscard]] core::Result<void> CheckDomainPlaces(const authz::Principal& who,
                                                   authz::Action action, const core::Domain& domain,
                                                   const OrgMap& orgs, bool all);

}  // namespace certkeep::service
