#include "service/activity.h"

namespace certkeep::service {

core::Result<std::vector<core::AuditRecord>> ActivityReport(store::Store& store,
                                                            const authz::Principal& who,
                                                            core::TimePoint from,
                                                            core::TimePoint to, int limit) {
  if (auto r = authz::Authorize(who, authz::Action::kViewActivity,
                                authz::Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  return store.Read([&](store::Transaction& tx) {
    return tx.audit().ListBetween(who.customer_id, from, to, limit);
  });
}

}  // namespace certkeep::service
