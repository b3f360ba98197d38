#include "upstream/quota/internal/learned_limit.h"

#include "gtest/gtest.h"

namespace leadgw::upstream::quota_internal {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);
constexpr absl::Duration kSpan = absl::Seconds(20);

TEST(LearnedLimitTest, StartsAtTheConfiguredLimit) {
  LearnedLimit limit(100, kSpan);
  limit.Advance(kT0);
  EXPECT_EQ(limit.current(), 100);
  EXPECT_EQ(limit.configured(), 100);
}

TEST(LearnedLimitTest, HalvesAtMostOncePerSpan) {
  LearnedLimit limit(100, kSpan);
  EXPECT_TRUE(limit.OnLimitAnswer(kT0));
  EXPECT_EQ(limit.current(), 50);
  // Answers to calls admitted before the first one came say nothing new.
  EXPECT_FALSE(limit.OnLimitAnswer(kT0 + kSpan - absl::Milliseconds(1)));
  EXPECT_EQ(limit.current(), 50);
  EXPECT_TRUE(limit.OnLimitAnswer(kT0 + kSpan));
  EXPECT_EQ(limit.current(), 25);
}

TEST(LearnedLimitTest, NeverBelowOne) {
  LearnedLimit limit(3, kSpan);
  EXPECT_TRUE(limit.OnLimitAnswer(kT0));
  EXPECT_EQ(limit.current(), 1);
  EXPECT_FALSE(limit.OnLimitAnswer(kT0 + kSpan));
  EXPECT_EQ(limit.current(), 1);
}

TEST(LearnedLimitTest, RegrowsOneStepPerQuietSpanUpToTheConfiguredLimit) {
  LearnedLimit limit(100, kSpan);
  limit.OnLimitAnswer(kT0);  // 50
  limit.Advance(kT0 + kSpan);  // the pause
  EXPECT_EQ(limit.current(), 50);
  limit.Advance(kT0 + 2 * kSpan - absl::Milliseconds(1));
  EXPECT_EQ(limit.current(), 50);
  limit.Advance(kT0 + 2 * kSpan);
  EXPECT_EQ(limit.current(), 55);  // step: 100 / 20
  limit.Advance(kT0 + 4 * kSpan + absl::Seconds(1));
  EXPECT_EQ(limit.current(), 65);
  limit.Advance(kT0 + absl::Hours(5));
  EXPECT_EQ(limit.current(), 100);
}

TEST(LearnedLimitTest, ADecreaseRestartsTheRegrowthClock) {
  LearnedLimit limit(40, kSpan);
  limit.OnLimitAnswer(kT0);  // 20
  limit.Advance(kT0 + 3 * kSpan);
  EXPECT_EQ(limit.current(), 24);  // step 2, two quiet spans after the pause
  EXPECT_TRUE(limit.OnLimitAnswer(kT0 + 3 * kSpan + absl::Seconds(5)));
  EXPECT_EQ(limit.current(), 12);
  limit.Advance(kT0 + 5 * kSpan);  // the pause and 15 s
  EXPECT_EQ(limit.current(), 12);
  limit.Advance(kT0 + 5 * kSpan + absl::Seconds(5));
  EXPECT_EQ(limit.current(), 14);
}

TEST(LearnedLimitTest, NoConfiguredLimitLearnsNothing) {
  LearnedLimit limit(0, kSpan);
  EXPECT_FALSE(limit.OnLimitAnswer(kT0));
  EXPECT_EQ(limit.current(), 0);
}

}  // namespace
}  // namespace leadgw::upstream::quota_internal
