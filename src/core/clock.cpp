#include "core/clock.h"

#include <ctime>
#include <string>

namespace certkeep::core {

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

TimePoint FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::Advance(std::chrono::seconds by) {
  std::lock_guard lock(mu_);
  now_ += by;
}

void FakeClock::Set(TimePoint now) {
  std::lock_guard lock(mu_);
  now_ = now;
}

TimePoint OffsetClock::Now() const {
  return SystemClock().Now() + std::chrono::seconds(offset_.load());
}

std::int64_t ToUnixSeconds(TimePoint t) {
  return t.time_since_epoch().count();
}

TimePoint FromUnixSeconds(std::int64_t s) {
  return TimePoint(std::chrono::seconds(s));
}

std::string ToRfc3339(TimePoint t) {
  std::time_t tt = ToUnixSeconds(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace certkeep::core
