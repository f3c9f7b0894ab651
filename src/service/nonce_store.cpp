#include "service/nonce_store.h"

#include <iterator>

namespace certkeep::service {

core::Result<void> SharedNonceStore::Issue(const std::string& nonce, core::TimePoint expires) {
  return store_.Transact(
      [&](store::Transaction& tx) { return tx.acme().InsertNonce(nonce, expires); });
}

core::Result<bool> SharedNonceStore::Exchange(const std::string& used, const std::string& next,
                                              core::TimePoint now, core::TimePoint expires) {
  // One transaction: of two nodes using one nonce at once, one deletes its row.
  return store_.Transact([&](store::Transaction& tx) -> core::Result<bool> {
    auto consumed = tx.acme().ConsumeNonce(used, now);
    if (!consumed || !*consumed) return consumed;
    if (auto r = tx.acme().InsertNonce(next, expires); !r) return core::Fail(r.error());
    return true;
  });
}

core::Result<std::int64_t> SharedNonceStore::Purge(core::TimePoint now) {
  return store_.Transact([&](store::Transaction& tx) { return tx.acme().PurgeNonces(now); });
}

void LocalNonceStore::Add(const std::string& nonce, core::TimePoint expires) {
  if (nonces_.size() >= max_) {
    // Each use takes one out and puts one in, so only nonces fetched and never used fill
    // the set: their clients will get badNonce and fetch another.
    nonces_.clear();
  }
  nonces_.emplace(nonce, expires);
}

core::Result<void> LocalNonceStore::Issue(const std::string& nonce, core::TimePoint expires) {
  std::lock_guard lock(mu_);
  Add(nonce, expires);
  return core::Ok();
}

core::Result<bool> LocalNonceStore::Exchange(const std::string& used, const std::string& next,
                                             core::TimePoint now, core::TimePoint expires) {
  std::lock_guard lock(mu_);
  auto it = nonces_.find(used);
  if (it == nonces_.end()) return false;
  bool fresh = it->second > now;
  nonces_.erase(it);
  if (!fresh) return false;
  Add(next, expires);
  return true;
}

core::Result<std::int64_t> LocalNonceStore::Purge(core::TimePoint now) {
  std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(
      std::erase_if(nonces_, [now](const auto& entry) { return entry.second <= now; }));
}

}  // namespace certkeep::service
