#include "common/clock.h"

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "testing/fake_clock.h"
#include "gtest/gtest.h"

namespace leadgw {
namespace {

using ::leadgw::testing_util::FakeClock;

TEST(RealClockTest, IsOneInstanceTrackingWallTime) {
  Clock& clock = RealClock();
  EXPECT_EQ(&clock, &RealClock());
  absl::Time before = absl::Now();
  absl::Time now = clock.Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, absl::Now());
}

TEST(RealClockTest, SleepsForTheRequestedTimeAndIgnoresNonPositive) {
  Clock& clock = RealClock();
  absl::Time start = clock.Now();
  clock.SleepFor(absl::Milliseconds(2));
  EXPECT_GE(clock.Now() - start, absl::Milliseconds(2));
  clock.SleepFor(absl::ZeroDuration());
  clock.SleepFor(-absl::Seconds(10));  // must return at once
  EXPECT_LT(clock.Now() - start, absl::Seconds(5));
}

TEST(FakeClockTest, SleepAdvancesInstantlyAndIsRecorded) {
  FakeClock clock;
  absl::Time start = clock.Now();
  absl::Time wall = absl::Now();
  clock.SleepFor(absl::Hours(1));
  clock.SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(clock.Now() - start, absl::Hours(1) + absl::Milliseconds(250));
  EXPECT_LT(absl::Now() - wall, absl::Seconds(5));
  EXPECT_EQ(clock.sleeps(), (std::vector<absl::Duration>{absl::Hours(1), absl::Milliseconds(250)}));
  EXPECT_EQ(clock.total_slept(), absl::Hours(1) + absl::Milliseconds(250));
}

TEST(FakeClockTest, AdvanceIsNotASleepAndNegativeSleepsDoNotRewind) {
  FakeClock clock(absl::FromUnixSeconds(100));
  clock.Advance(absl::Seconds(5));
  clock.SleepFor(-absl::Seconds(3));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(105));
  EXPECT_EQ(clock.sleeps(), (std::vector<absl::Duration>{-absl::Seconds(3)}));
  EXPECT_EQ(clock.total_slept(), absl::ZeroDuration());
}

TEST(FakeClockTest, SafeFromManyThreads) {
  FakeClock clock(absl::FromUnixSeconds(0));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) {
        clock.SleepFor(absl::Milliseconds(1));
        (void)clock.Now();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(4));
  EXPECT_EQ(clock.sleeps().size(), 4000u);
}

}  // namespace
}  // namespace leadgw
