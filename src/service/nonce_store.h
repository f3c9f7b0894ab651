#pragma once
// Where the ACME server keeps the nonces it handed out until they are used (RFC 8555
// §6.5: each is good once). Two mechanisms: the store's table, which every node of a
// PostgreSQL cluster shares, and the process's memory, for the embedded SQLite store,
// where one process serves (a write transaction per request saved; a restart forgets
// them, and clients retry a badNonce as RFC 8555 §6.5 asks).

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

class NonceStore {
 public:
  virtual ~NonceStore() = default;
  /// Records `nonce`, good until `expires`.
  [[nodiscard]] virtual core::Result<void> Issue(const std::string& nonce,
                                                 core::TimePoint expires) = 0;
  /// Uses up `used` (true when it was handed out, unused and not past `now`) and, when it
  /// was good, records `next` until `expires`, in one step.
  [[nodiscard]] virtual core::Result<bool> Exchange(const std::string& used,
                                                    const std::string& next, core::TimePoint now,
                                                    core::TimePoint expires) = 0;
  /// Forgets the nonces past `now`; returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> Purge(core::TimePoint now) = 0;
};

/// The store's acme_nonce table: shared by every node on one database.
class SharedNonceStore final : public NonceStore {
 public:
  explicit SharedNonceStore(store::Store& store) : store_(store) {}
  [[nodiscard]] core::Result<void> Issue(const std::string& nonce,
                                         core::TimePoint expires) override;
  [[nodiscard]] core::Result<bool> Exchange(const std::string& used, const std::string& next,
                                            core::TimePoint now, core::TimePoint expires) override;
  [[nodiscard]] core::Result<std::int64_t> Purge(core::TimePoint now) override;

 private:
  store::Store& store_;
};

/// This process's memory: for one serving process (the embedded store). Bounded: past
/// `max_nonces`, the expired ones go, then (a flood of unused nonces) the whole set.
class LocalNonceStore final : public NonceStore {
 public:
  explicit LocalNonceStore(std::size_t max_nonces = 1'000'000) : max_(max_nonces) {}
  [[nodiscard]] core::Result<void> Issue(const std::string& nonce,
                                         core::TimePoint expires) override;
  [[nodiscard]] core::Result<bool> Exchange(const std::string& used, const std::string& next,
                                            core::TimePoint now, core::TimePoint expires) override;
  [[nodiscard]] core::Result<std::int64_t> Purge(core::TimePoint now) override;

 private:
  void Add(const std::string& nonce, core::TimePoint expires);  // mu_ held

  std::size_t max_;
  std::mutex mu_;
  std::unordered_map<std::string, core::TimePoint> nonces_;
};

}  // namespace certkeep::service
