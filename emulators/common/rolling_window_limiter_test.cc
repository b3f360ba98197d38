#include "emulators/common/rolling_window_limiter.h"

#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace leadgw::emulators::common {
namespace {

using ::leadgw::testing_util::FakeClock;

// The limiter reads time through a NowFunction.
NowFunction NowOf(FakeClock& clock) {
  return [&clock] { return clock.Now(); };
}

TEST(RollingWindowLimiterTest, AdmitsUpToLimitThenRefuses) {
  FakeClock clock;
  RollingWindowLimiter limiter(3, absl::Seconds(20), NowOf(clock));
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
  EXPECT_EQ(limiter.CountInWindow(), 3);
  EXPECT_EQ(limiter.TimeUntilAvailable(), absl::Seconds(20));
}

TEST(RollingWindowLimiterTest, WindowSlidesPerCallNotPerBucket) {
  FakeClock clock;
  RollingWindowLimiter limiter(2, absl::Seconds(20), NowOf(clock));
  ASSERT_TRUE(limiter.TryAcquire());  // t=0
  clock.Advance(absl::Seconds(15));
  ASSERT_TRUE(limiter.TryAcquire());  // t=15
  EXPECT_FALSE(limiter.TryAcquire());
  EXPECT_EQ(limiter.TimeUntilAvailable(), absl::Seconds(5));
  clock.Advance(absl::Seconds(5) - absl::Milliseconds(1));  // t=19.999
  EXPECT_FALSE(limiter.TryAcquire());
  clock.Advance(absl::Milliseconds(1));  // t=20: the first call leaves the window
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
  clock.Advance(absl::Seconds(15));  // t=35: the t=15 call leaves
  EXPECT_EQ(limiter.CountInWindow(), 1);
  EXPECT_TRUE(limiter.TryAcquire());
}

TEST(RollingWindowLimiterTest, RefusedCallsDoNotExtendTheBlock) {
  FakeClock clock;
  RollingWindowLimiter limiter(1, absl::Seconds(10), NowOf(clock));
  ASSERT_TRUE(limiter.TryAcquire());
  for (int i = 0; i < 9; ++i) {
    clock.Advance(absl::Seconds(1));
    EXPECT_FALSE(limiter.TryAcquire());
  }
  clock.Advance(absl::Seconds(1));
  EXPECT_TRUE(limiter.TryAcquire());
}

TEST(RollingWindowLimiterTest, ConfigureResetAndDisabled) {
  FakeClock clock;
  RollingWindowLimiter limiter(1, absl::Seconds(10), NowOf(clock));
  ASSERT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
  limiter.Configure(2, absl::Seconds(10));
  EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_FALSE(limiter.TryAcquire());
  limiter.Reset();
  EXPECT_EQ(limiter.CountInWindow(), 0);
  EXPECT_TRUE(limiter.TryAcquire());
  limiter.Configure(0, absl::Seconds(10));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.TryAcquire());
  EXPECT_EQ(limiter.TimeUntilAvailable(), absl::ZeroDuration());
}

}  // namespace
}  // namespace leadgw::emulators::common
