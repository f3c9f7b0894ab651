#include "core/lockout.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

const LockoutPolicy kPolicy{.max_failed_attempts = 3,
                            .first_lock = std::chrono::minutes(5),
                            .max_lock = std::chrono::minutes(30)};
const TimePoint kT0 = FromUnixSeconds(1'800'000'000);

TEST(Lockout, LocksAfterTheConfiguredNumberOfFailures) {
  PasswordState s;
  EXPECT_FALSE(RecordFailedAttempt(s, kPolicy, kT0));
  EXPECT_FALSE(RecordFailedAttempt(s, kPolicy, kT0));
  EXPECT_TRUE(RecordFailedAttempt(s, kPolicy, kT0));
  EXPECT_TRUE(IsLocked(s, kT0 + std::chrono::minutes(4)));
  EXPECT_FALSE(IsLocked(s, kT0 + std::chrono::minutes(5)));
}

TEST(Lockout, FailuresWhileLockedAreNotCountedSoTheLockCannotBeStretched) {
  PasswordState s;
  for (int i = 0; i < 3; ++i) RecordFailedAttempt(s, kPolicy, kT0);
  auto until = *s.locked_until;
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(RecordFailedAttempt(s, kPolicy, kT0));
  EXPECT_EQ(*s.locked_until, until);
  EXPECT_EQ(s.failed_attempts, 0);
}

TEST(Lockout, EachFurtherLockDoublesUpToTheCap) {
  EXPECT_EQ(LockDuration(kPolicy, 0), std::chrono::minutes(5));
  EXPECT_EQ(LockDuration(kPolicy, 1), std::chrono::minutes(10));
  EXPECT_EQ(LockDuration(kPolicy, 2), std::chrono::minutes(20));
  EXPECT_EQ(LockDuration(kPolicy, 3), std::chrono::minutes(30));
  EXPECT_EQ(LockDuration(kPolicy, 1000), std::chrono::minutes(30));
  PasswordState s;
  auto now = kT0;
  std::chrono::seconds last{0};
  for (int lock = 0; lock < 6; ++lock) {
    for (int i = 0; i < 3; ++i) RecordFailedAttempt(s, kPolicy, now);
    auto length = std::chrono::duration_cast<std::chrono::seconds>(*s.locked_until - now);
    EXPECT_GE(length, last);
    EXPECT_LE(length, kPolicy.max_lock);
    last = length;
    now = *s.locked_until;  // the lock lapses; the stranger tries again
  }
  EXPECT_EQ(last, kPolicy.max_lock);
}

TEST(Lockout, ASuccessOrAnUnlockStartsAfresh) {
  PasswordState s;
  for (int i = 0; i < 3; ++i) RecordFailedAttempt(s, kPolicy, kT0);
  Unlock(s);
  EXPECT_FALSE(IsLocked(s, kT0));
  EXPECT_EQ(s.lockouts, 0);
  RecordFailedAttempt(s, kPolicy, kT0);
  RecordSuccessfulLogin(s);
  EXPECT_EQ(s.failed_attempts, 0);
}

}  // namespace
}  // namespace certkeep::core
