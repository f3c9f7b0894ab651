#pragma once
// An email waiting in the outbox: written in the same transaction as the event that
// causes it, delivered later by a job (at least once; the Message-ID stays the same
// across retries, so a retry after a crash is recognisably the same message).

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct OutboxTag {};
using OutboxId = Id<OutboxTag>;

/// PENDING until the SMTP server accepts it (SENT) or refuses it for good, or it runs
/// out of attempts (FAILED).
enum class OutboxStatus { kPending, kSent, kFailed };
[[nodiscard]] std::string_view ToString(OutboxStatus status);
[[nodiscard]] std::optional<OutboxStatus> ParseOutboxStatus(std::string_view text);

struct OutboxMail {
  OutboxId id{};
  std::optional<CustomerId> customer_id{};  ///< none: the operator's own mail
  /// Once per rule × object × threshold: a second message with the same key is not
  /// written. Empty: no deduplication.
  std::string dedup_key{};
  std::string message_id{};  ///< "<...@...>", fixed when written
  std::string from{};
  std::vector<std::string> to{};
  std::string subject{};
  std::string text{};
  std::string html{};
  /// What the message is about ("dcv.email", "notify.ssl.expiring"), for the console.
  std::string kind{};
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  TimePoint created_at{};
  TimePoint next_attempt_at{};
  std::optional<TimePoint> sent_at{};
  std::string last_error{};
};

}  // namespace certkeep::core
