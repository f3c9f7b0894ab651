#include "service/attempt_limiter.h"

namespace certkeep::service {

void AttemptLimiter::Forget(std::deque<core::TimePoint>& times, core::TimePoint now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

std::optional<std::chrono::seconds> AttemptLimiter::RetryAfter(const std::string& key) {
  std::lock_guard lock(mu_);
  return Wait(key);
}

std::optional<std::chrono::seconds> AttemptLimiter::Take(const std::string& key) {
  std::lock_guard lock(mu_);
  if (auto wait = Wait(key)) return wait;  // which also forgot what left the window
  failures_[key].push_back(clock_.Now());
  // Bounded memory: a flood from many addresses forgets the oldest keys' details first.
  if (failures_.size() > 100'000) failures_.erase(failures_.begin());
  return std::nullopt;
}

void AttemptLimiter::Forgive(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end() || it->second.empty()) return;
  it->second.pop_back();
  if (it->second.empty()) failures_.erase(it);
}

std::optional<std::chrono::seconds> AttemptLimiter::Wait(const std::string& key) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  auto now = clock_.Now();
  Forget(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.size()) < max_failures_) return std::nullopt;
  // Free again when the oldest failure that keeps it at the limit leaves the window.
  auto until = it->second[it->second.size() - static_cast<std::size_t>(max_failures_)] + window_;
  return std::max(std::chrono::seconds(1), until - now);
}

}  // namespace certkeep::service
