#include "core/lockout.h"

#include <algorithm>

namespace certkeep::core {

bool IsLocked(const PasswordState& state, TimePoint now) {
  return state.locked_until && now < *state.locked_until;
}

std::chrono::seconds LockDuration(const LockoutPolicy& policy, int lockouts) {
  auto d = policy.first_lock;
  for (int i = 0; i < lockouts && d < policy.max_lock; ++i) d *= 2;
  return std::min(d, policy.max_lock);
}

bool RecordFailedAttempt(PasswordState& state, const LockoutPolicy& policy, TimePoint now) {
  if (IsLocked(state, now)) return false;
  state.failed_attempts += 1;
  if (state.failed_attempts < policy.max_failed_attempts) return false;
  state.locked_until = now + LockDuration(policy, state.lockouts);
  state.lockouts += 1;
  state.failed_attempts = 0;
  return true;
}

void RecordSuccessfulLogin(PasswordState& state) {
  state.failed_attempts = 0;
  state.lockouts = 0;
  state.locked_until.reset();
}

void Unlock(PasswordState& state) {
  RecordSuccessfulLogin(state);
}

}  // namespace certkeep::core
