#pragma once
// The activity report (SCM's POST /api/report/v1/activity): the customer's audit records
// in a time range, for those allowed to read them.

#include <vector>

#include "authz/authz.h"
#include "core/audit.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// Audit records of `who`'s customer with from <= at < to, oldest first, at most `limit`.
[[nodiscard]] core::Result<std::vector<core::AuditRecord>> ActivityReport(
    store::Store& store, const authz::Principal& who, core::TimePoint from, core::TimePoint to,
    int limit);

}  // namespace certkeep::service
