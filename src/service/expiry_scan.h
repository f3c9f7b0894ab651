#pragma once
// The expiry scan (a job): for every active rule of a threshold type — SSL certificates
// expiring within `days`, SSL certificates expired, domain validations lapsing within
// `days` — every object it covers gets one message per rule and threshold (a DAILY rule:
// one a day). The mark and the message are written in one transaction, so a scan that
// dies half-way repeats nothing when it runs again, and two runs never mail twice.

#include <chrono>

#include "core/clock.h"
#include "core/result.h"
#include "service/notifier.h"
#include "store/store.h"

namespace certkeep::service {

struct ExpiryScanOptions {
  /// How long after expiry an "SSL Expired" rule still notices a certificate (a new rule
  /// does not mail about certificates that expired years ago).
  std::chrono::days expired_lookback{30};
  int batch = 2000;  ///< objects per transaction
};

class ExpiryScan {
 public:
  ExpiryScan(store::Store& store, const core::Clock& clock, Notifier& notifier,
             ExpiryScanOptions options = {})
      : store_(store), clock_(clock), notifier_(notifier), options_(options) {}

  /// Runs every rule once; returns how many messages it wrote.
  [[nodiscard]] core::Result<int> Run();

 private:
  core::Result<int> ScanCertificates(const core::NotificationRule& rule, core::TimePoint now);
  core::Result<int> ScanValidations(const core::NotificationRule& rule, core::TimePoint now);
  /// Marks and mails `rule`'s due objects in batches of one transaction each, until a batch
  /// is not full: `due(tx, after)` lists the unmarked ones expiring after `after` (in expiry
  /// order, at most a batch), `event_of(tx, item)` makes an item's notice (none: it is only
  /// marked). Each batch goes on from the last expiry of the one before (inclusive, for
  /// items sharing it), not from the window's start again.
  template <typename Due, typename EventOf>
  core::Result<int> InBatches(const core::NotificationRule& rule, core::TimePoint now,
                              std::int64_t threshold,
                              core::TimePoint after, Due due, EventOf event_of);

  store::Store& store_;
  const core::Clock& clock_;
  Notifier& notifier_;
  ExpiryScanOptions options_;
};

}  // namespace certkeep::service
