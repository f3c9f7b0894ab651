#pragma once
// Password lockout: after `max_failed_attempts` wrong passwords in a row an account is
// locked for a time that doubles with each further lock, up to `max_lock`. The cap
// keeps a stranger from locking an MRAO out for good by guessing; failures while locked
// are not counted, so the lock cannot be stretched from outside. A success, or an
// unlock by an admin above, resets both counters.

#include <chrono>

#include "core/admin.h"
#include "core/clock.h"

namespace certkeep::core {

/// How lockout behaves; set from [auth] in certkeep.toml.
struct LockoutPolicy {
  int max_failed_attempts = 5;
  std::chrono::seconds first_lock{std::chrono::minutes(5)};
  std::chrono::seconds max_lock{std::chrono::hours(1)};
};

/// True while `state` is locked at `now`.
[[nodiscard]] bool IsLocked(const PasswordState& state, TimePoint now);

/// Records a wrong password at `now`; returns true when this failure locked the account.
bool RecordFailedAttempt(PasswordState& state, const LockoutPolicy& policy, TimePoint now);

/// Records a successful login: the counters start again.
void RecordSuccessfulLogin(PasswordState& state);

/// Lifts a lock and clears the counters (an admin's unlock).
void Unlock(PasswordState& state);

/// How long the lock after `lockouts` earlier locks lasts.
[[nodiscard]] std::chrono::seconds LockDuration(const LockoutPolicy& policy, int lockouts);

}  // namespace certkeep::core
