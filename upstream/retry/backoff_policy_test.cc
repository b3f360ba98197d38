#include "upstream/retry/backoff_policy.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::upstream::retry {
namespace {

BackoffOptions Options(absl::Duration initial, absl::Duration maximum, double multiplier) {
  BackoffOptions options;
  options.initial = initial;
  options.maximum = maximum;
  options.multiplier = multiplier;
  return options;
}

TEST(ExponentialBackoffTest, CapGrowsGeometricallyUntilTheMaximum) {
  ExponentialBackoff backoff(BackoffOptions{}, /*seed=*/1);  // 100ms, x2, max 5s
  std::vector<absl::Duration> caps;
  for (int i = 0; i < 9; ++i) {
    caps.push_back(backoff.current_cap());
    EXPECT_LE(backoff.NextDelay(), caps.back());
  }
  EXPECT_EQ(caps, (std::vector<absl::Duration>{
                      absl::Milliseconds(100), absl::Milliseconds(200), absl::Milliseconds(400),
                      absl::Milliseconds(800), absl::Milliseconds(1600), absl::Milliseconds(3200),
                      absl::Seconds(5), absl::Seconds(5), absl::Seconds(5)}));
}

TEST(ExponentialBackoffTest, CapStaysAtMaximumForever) {
  ExponentialBackoff backoff(Options(absl::Seconds(1), absl::Seconds(30), 10.0), 7);
  for (int i = 0; i < 2000; ++i) {
    absl::Duration delay = backoff.NextDelay();
    ASSERT_GE(delay, absl::ZeroDuration());
    ASSERT_LE(delay, absl::Seconds(30));
  }
  EXPECT_EQ(backoff.current_cap(), absl::Seconds(30));
}

TEST(ExponentialBackoffTest, FullJitterCoversTheWholeRange) {
  // With a constant cap of 1s every draw is in [0, 1s]; over many draws both ends of the
  // range are reached (full jitter, not "cap/2 + jitter").
  ExponentialBackoff backoff(Options(absl::Seconds(1), absl::Seconds(1), 2.0), 42);
  absl::Duration low = absl::InfiniteDuration();
  absl::Duration high = -absl::InfiniteDuration();
  for (int i = 0; i < 10000; ++i) {
    absl::Duration delay = backoff.NextDelay();
    ASSERT_GE(delay, absl::ZeroDuration());
    ASSERT_LE(delay, absl::Seconds(1));
    low = std::min(low, delay);
    high = std::max(high, delay);
  }
  EXPECT_LT(low, absl::Milliseconds(5));
  EXPECT_GT(high, absl::Milliseconds(995));
}

TEST(ExponentialBackoffTest, SameSeedSameDelaysDifferentSeedDifferentDelays) {
  ExponentialBackoff a(BackoffOptions{}, 12345);
  ExponentialBackoff b(BackoffOptions{}, 12345);
  ExponentialBackoff c(BackoffOptions{}, 54321);
  std::vector<absl::Duration> da, db, dc;
  for (int i = 0; i < 20; ++i) {
    da.push_back(a.NextDelay());
    db.push_back(b.NextDelay());
    dc.push_back(c.NextDelay());
  }
  EXPECT_EQ(da, db);
  EXPECT_NE(da, dc);
}

TEST(ExponentialBackoffTest, CopiesContinueIndependently) {
  ExponentialBackoff original(BackoffOptions{}, 99);
  original.NextDelay();
  ExponentialBackoff copy = original;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(original.NextDelay(), copy.NextDelay());
}

TEST(ExponentialBackoffTest, MeanIsNearHalfTheCap) {
  ExponentialBackoff backoff(Options(absl::Seconds(2), absl::Seconds(2), 2.0), 2024);
  constexpr int kDraws = 100000;
  double sum_seconds = 0;
  for (int i = 0; i < kDraws; ++i) sum_seconds += absl::ToDoubleSeconds(backoff.NextDelay());
  // Uniform on [0, 2s]: mean 1s, standard error ~0.0018s over 100k draws.
  EXPECT_NEAR(sum_seconds / kDraws, 1.0, 0.02);
}

TEST(ExponentialBackoffTest, DegenerateOptionsAreSane) {
  ExponentialBackoff zero(Options(absl::ZeroDuration(), absl::Seconds(5), 2.0), 1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(zero.NextDelay(), absl::ZeroDuration());

  ExponentialBackoff negative(Options(-absl::Seconds(1), -absl::Seconds(1), 2.0), 1);
  EXPECT_EQ(negative.NextDelay(), absl::ZeroDuration());

  // Multiplier below 1 does not shrink the cap.
  ExponentialBackoff shrinking(Options(absl::Seconds(1), absl::Seconds(5), 0.5), 1);
  shrinking.NextDelay();
  EXPECT_EQ(shrinking.current_cap(), absl::Seconds(1));

  // Maximum below initial wins.
  ExponentialBackoff capped(Options(absl::Seconds(10), absl::Seconds(1), 2.0), 1);
  EXPECT_EQ(capped.current_cap(), absl::Seconds(1));
  EXPECT_LE(capped.NextDelay(), absl::Seconds(1));

  // Huge growth saturates at the maximum instead of overflowing.
  ExponentialBackoff huge(Options(absl::Hours(1000), absl::Hours(100000), 1e300), 1);
  huge.NextDelay();
  huge.NextDelay();
  EXPECT_EQ(huge.current_cap(), absl::Hours(100000));
}

TEST(RandomJitterSeedTest, SeedsDiffer) {
  // Two equal 64-bit random draws in a row would be a broken generator.
  EXPECT_NE(RandomJitterSeed(), RandomJitterSeed());
}

}  // namespace
}  // namespace leadgw::upstream::retry
