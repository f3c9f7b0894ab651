#pragma once
// CRLs: one per issuing CA, streamed from the store in serial order, signed, published in
// the store (so every node serves the same CRL number), cached in memory, and renewed by
// the jobs runner when a certificate was revoked since or half its validity has passed.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "service/key_ring.h"
#include "store/store.h"

namespace certkeep::service {

class CrlService {
 public:
  /// `validity`: from thisUpdate to nextUpdate (BRs §4.9.7: at most ten days).
  CrlService(store::Store& store, const core::Clock& clock, KeyRing& keys,
             std::chrono::seconds validity = std::chrono::hours(24 * 7))
      : store_(store), clock_(clock), keys_(keys), validity_(validity) {}

  /// Builds, signs and publishes a new CRL of `ca`.
  [[nodiscard]] core::Result<store::PublishedCrl> Regenerate(const core::CertificateAuthority& ca);
  /// The current CRL (DER) of the issuing CA named `ca_name`; builds the first one.
  [[nodiscard]] core::Result<std::shared_ptr<const std::string>> Current(
      const std::string& ca_name);
  /// Regenerates each issuing CA's CRL that is due; returns how many it built.
  [[nodiscard]] core::Result<int> RefreshDue();

 private:
  struct Cached {
    std::int64_t number = 0;
    std::shared_ptr<const std::string> der;
  };
  store::Store& store_;
  const core::Clock& clock_;
  KeyRing& keys_;
  std::chrono::seconds validity_;
  std::mutex mu_;
  std::map<std::int64_t, Cached> cache_;  // by CA id
};

}  // namespace certkeep::service
