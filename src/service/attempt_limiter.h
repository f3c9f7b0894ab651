#pragma once
// Limits on guesses: failures per key (an enrollment link, a client address) within a
// sliding window. Kept in memory: each node limits what reaches it, which bounds a
// guesser by the number of nodes times the limit — still far from what guessing a
// 20-character code needs.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"

namespace certkeep::service {

class AttemptLimiter {
 public:
  AttemptLimiter(const core::Clock& clock, int max_failures, std::chrono::seconds window)
      : clock_(clock), max_failures_(max_failures), window_(window) {}

  /// How long `key` must wait before another attempt; nullopt: it may try now.
  [[nodiscard]] std::optional<std::chrono::seconds> RetryAfter(const std::string& key);
  /// Counts a failure of `key`.
  void Failed(const std::string& key);

 private:
  void Forget(std::deque<core::TimePoint>& times, core::TimePoint now) const;

  const core::Clock& clock_;
  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<core::TimePoint>> failures_;
};

}  // namespace certkeep::service
