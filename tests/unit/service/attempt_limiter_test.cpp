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
    limiter.Failed("link");
    clock.Advance(std::chrono::seconds(10));
  }
  auto wait = limiter.RetryAfter("link");
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->count(), 600 - 30);
  EXPECT_FALSE(limiter.RetryAfter("other"));  // keys are apart
  clock.Advance(*wait);
  EXPECT_FALSE(limiter.RetryAfter("link"));
  limiter.Failed("link");
  EXPECT_TRUE(limiter.RetryAfter("link"));  // the two later failures still count
}

}  // namespace
}  // namespace certkeep::service
