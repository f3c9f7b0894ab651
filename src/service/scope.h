#pragma once
// The part of a customer a list shows an admin: shared by every list that an RAO or DRAO
// sees only a part of (SSL certificates, ACME accounts).

#include <optional>
#include <vector>

#include "authz/authz.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// The organizations and departments of `who`'s customer that `who` covers for
/// `cert_type` (at department level or above); nullopt for an MRAO, who covers them all.
[[nodiscard]] core::Result<std::optional<std::vector<core::OrgId>>> CoveredOrgs(
    store::Transaction& tx, const authz::Principal& who, core::CertType cert_type);

}  // namespace certkeep::service
