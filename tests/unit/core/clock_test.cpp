#include "core/clock.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using std::chrono::seconds;

TEST(FakeClock, StandsStillUntilAdvanced) {
  FakeClock clock(FromUnixSeconds(1'700'000'000));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 1'700'000'000);
  clock.Advance(seconds(90));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 1'700'000'090);
  clock.Set(FromUnixSeconds(5));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 5);
}

TEST(OffsetClock, ShiftsTheWallClock) {
  OffsetClock clock(seconds(86'400));
  auto wall = SystemClock().Now();
  auto shifted = clock.Now();
  EXPECT_GE(shifted - wall, seconds(86'399));
  EXPECT_LE(shifted - wall, seconds(86'401));
  clock.SetOffset(seconds(0));
  EXPECT_LE(clock.Now() - SystemClock().Now(), seconds(1));
}

TEST(Rfc3339, FormatsUtc) {
  EXPECT_EQ(ToRfc3339(FromUnixSeconds(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ToRfc3339(FromUnixSeconds(1'795'555'872)), "2026-11-24T21:31:12Z");
}

}  // namespace
}  // namespace certkeep::core
