#include "store/internal/pool.h"

namespace certkeep::store::internal {

ConnectionLease::~ConnectionLease() {
  if (conn_) pool_->Release(std::move(conn_));
}

core::Result<ConnectionLease> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  bool free = cv_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < size_; });
  if (!free) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                      "the store is busy, try again", "no pooled connection within the wait");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return ConnectionLease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto conn = factory_();
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return core::Fail(conn.error());
  }
  return ConnectionLease(this, std::move(*conn));
}

void ConnectionPool::Release(std::unique_ptr<SqlConnection> conn) {
  std::lock_guard lock(mu_);
  if (conn->IsBroken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

}  // namespace certkeep::store::internal
