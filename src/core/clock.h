#pragma once
// Time is injected everywhere: production uses SystemClock; unit tests advance a
// FakeClock; integration tests of a binary started with --test-mode use OffsetClock.

#include <atomic>
#include <chrono>
#include <mutex>

namespace certkeep::core {

using TimePoint = std::chrono::sys_time<std::chrono::seconds>;

/// Source of the current time.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Current time, whole seconds since the epoch (certificates and the store need no more).
  [[nodiscard]] virtual TimePoint Now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint Now() const override;
};

/// A clock that stands still until a test moves it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  [[nodiscard]] TimePoint Now() const override;
  /// Moves the clock forward (or back, with a negative duration).
  void Advance(std::chrono::seconds by);
  /// Sets the clock to an absolute time.
  void Set(TimePoint now);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

/// The wall clock shifted by an offset; only a binary started in test mode makes one,
/// so integration tests can let expiry and renewal happen without waiting.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(std::chrono::seconds offset) : offset_(offset.count()) {}
  [[nodiscard]] TimePoint Now() const override;
  /// Replaces the offset; safe from any thread.
  void SetOffset(std::chrono::seconds offset) { offset_.store(offset.count()); }
  /// The current offset.
  [[nodiscard]] std::chrono::seconds offset() const { return std::chrono::seconds(offset_.load()); }

 private:
  std::atomic<std::int64_t> offset_;
};

/// Seconds since the epoch, for store rows and logs.
[[nodiscard]] std::int64_t ToUnixSeconds(TimePoint t);
/// The inverse of ToUnixSeconds.
[[nodiscard]] TimePoint FromUnixSeconds(std::int64_t s);
/// RFC 3339 UTC text, e.g. "2026-11-24T21:19:24Z".
[[nodiscard]] std::string ToRfc3339(TimePoint t);

}  // namespace certkeep::core
