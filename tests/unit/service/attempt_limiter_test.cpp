// Guesses per key within a sliding window, on a FakeClock.
#include "service/attempt_limiter.h"

#include <gtest/gtest.h>

namespace certkeep::service {
namespace {

TEST(AttemptLimiter, RefusesAtTheLimitUntilTheOldestFailureLeavesTheWindow) {
  core::FakeClock clock(core::FromUnixSeconds(1'800'000'000));
  AttemptLimiter limiter(clock, 3, std::chrono::seconds(600));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.RetryAfter("link")) << i;
    EXPECT_FALSE(limiter.Take("link")) << i;
    clock.Advance(std::chrono::seconds(10));
  }
  auto wait = limiter.RetryAfter("link");
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->count(), 600 - 30);
  EXPECT_FALSE(limiter.RetryAfter("other"));  // keys are apart
  clock.Advance(*wait);
  EXPECT_FALSE(limiter.RetryAfter("link"));
  EXPECT_FALSE(limiter.Take("link"));
  EXPECT_TRUE(limiter.RetryAfter("link"));  // the two later failures still count
}

TEST(AttemptLimiter, TakeCountsBeforeTheVerdictSoParallelGuessesStopAtTheLimit) {
  core::FakeClock clock(core::FromUnixSeconds(1'800'000'000));
  AttemptLimiter limiter(clock, 3, std::chrono::seconds(600));
  // Three guesses in flight at once: each took its slot before any was judged.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("link")) << i;
  EXPECT_TRUE(limiter.Take("link"));  // the fourth waits, whatever the three turn out to be
  // One of them was right: forgiven, its slot is free again.
  limiter.Forgive("link");
  EXPECT_FALSE(limiter.Take("link"));
  EXPECT_TRUE(limiter.RetryAfter("link"));
  limiter.Forgive("other");  // nothing to forgive: no effect
  EXPECT_FALSE(limiter.RetryAfter("other"));
}

}  // namespace
}  // namespace certkeep::service
