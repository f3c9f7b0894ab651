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
  /// Takes an attempt of `key` before it is judged: nullopt and the attempt counted as a
  /// failure, or how long to wait. One step, so that guesses sent in parallel cannot all
  /// pass the check before any of them is counted.
  [[nodiscard]] std::optional<std::chrono::seconds> Take(const std::string& key);
  /// Takes back an attempt Take counted (it succeeded, or was refused for another reason).
  void Forgive(const std::string& key);

 private:
  void Forget(std::deque<core::TimePoint>& times, core::TimePoint now) const;
  std::optional<std::chrono::seconds> Wait(const std::string& key);  // mu_ held

  const core::Clock& clock_;
  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<core::TimePoint>> failures_;
};

}  // namespace certkeep::service
