#pragma once
// The outbox: mail is written in the transaction of the event that causes it, and a job
// hands it to the SMTP server later, retrying with exponential backoff. Delivery is at
// least once; the Message-ID is fixed when the mail is written, so a retry after a crash
// is recognisably the same message.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/outbox.h"
#include "core/random.h"
#include "core/result.h"
#include "notify/mail_transport.h"
#include "store/store.h"

namespace certkeep::service {

/// A pending message with a fresh Message-ID "<time.counter.seed@host of site_url>".
[[nodiscard]] core::OutboxMail NewMail(core::RandomSource& random, core::TimePoint now,
                                       std::string from, std::vector<std::string> to,
                                       std::string subject, std::string text, std::string kind,
                                       const std::string& site_url);

struct DeliveryOptions {
  int max_attempts = 12;
  std::chrono::seconds first_retry{30};  ///< doubled after each failure
  std::chrono::seconds max_retry{std::chrono::hours(6)};
  /// Called when the server has accepted a message, before the outbox records it: the
  /// test mode's crash between delivery and acknowledgement (mail.test_exit_after_send).
  std::function<void()> after_accepted{};
};

/// Hands due outbox mail to a transport.
class MailDelivery {
 public:
  MailDelivery(store::Store& store, const core::Clock& clock, notify::MailTransport& transport,
               DeliveryOptions options = {})
      : store_(store), clock_(clock), transport_(transport), options_(options) {}

  /// Sends what is due; returns how many were accepted by the server. A permanent
  /// refusal (5xx) or the last attempt marks a message FAILED; others are retried.
  [[nodiscard]] core::Result<int> DeliverDue(int limit = 50);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  notify::MailTransport& transport_;
  DeliveryOptions options_;
};

}  // namespace certkeep::service
