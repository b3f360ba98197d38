#include "upstream/quota/internal/daily_budget.h"

#include "gtest/gtest.h"

namespace leadgw::upstream::quota_internal {
namespace {

using http::RequestPriority;

const absl::Duration kCst = absl::Hours(-6);

absl::Time Utc(int y, int mo, int d, int h, int mi, int s) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone());
}

TEST(DayStartTest, MidnightCstIsSixUtc) {
  EXPECT_EQ(DayStart(Utc(2024, 3, 10, 5, 59, 59), kCst), Utc(2024, 3, 9, 6, 0, 0));
  EXPECT_EQ(DayStart(Utc(2024, 3, 10, 6, 0, 0), kCst), Utc(2024, 3, 10, 6, 0, 0));
  EXPECT_EQ(DayStart(Utc(2024, 3, 10, 23, 0, 0), kCst), Utc(2024, 3, 10, 6, 0, 0));
  // No daylight saving: the same boundary in July.
  EXPECT_EQ(DayStart(Utc(2024, 7, 1, 5, 0, 0), kCst), Utc(2024, 6, 30, 6, 0, 0));
  EXPECT_EQ(DayStart(Utc(2024, 7, 1, 12, 0, 0), absl::ZeroDuration()), Utc(2024, 7, 1, 0, 0, 0));
}

TEST(DayStartTest, BeforeTheEpochRoundsDown) {
  EXPECT_EQ(DayStart(Utc(1969, 12, 31, 12, 0, 0), absl::ZeroDuration()),
            Utc(1969, 12, 31, 0, 0, 0));
  EXPECT_EQ(DayStart(Utc(1970, 1, 1, 3, 0, 0), kCst), Utc(1969, 12, 31, 6, 0, 0));
}

TEST(DailyBudgetTest, BulkStopsAtReserveInteractiveAtQuota) {
  DailyBudget budget(10, 3, kCst);
  budget.Advance(Utc(2024, 3, 10, 12, 0, 0));
  EXPECT_EQ(budget.LimitFor(RequestPriority::kBulk), 7);
  EXPECT_EQ(budget.LimitFor(RequestPriority::kInteractive), 10);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(budget.Allows(RequestPriority::kBulk, 0)) << i;
    budget.Record();
  }
  EXPECT_FALSE(budget.Allows(RequestPriority::kBulk, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 2));
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 3));  // 3 ahead use it up
}

TEST(DailyBudgetTest, ReserveIsClampedToQuota) {
  DailyBudget budget(5, 9, kCst);
  budget.Advance(Utc(2024, 3, 10, 12, 0, 0));
  EXPECT_EQ(budget.LimitFor(RequestPriority::kBulk), 0);
  EXPECT_FALSE(budget.Allows(RequestPriority::kBulk, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 0));
}

TEST(DailyBudgetTest, ResetsAtCstMidnightNotUtcMidnight) {
  DailyBudget budget(1, 0, kCst);
  budget.Advance(Utc(2024, 3, 9, 23, 59, 0));
  budget.Record();
  EXPECT_EQ(budget.NextReset(), Utc(2024, 3, 10, 6, 0, 0));
  budget.Advance(Utc(2024, 3, 10, 0, 0, 1));  // UTC midnight: same CST day
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 0));
  EXPECT_EQ(budget.UsedAt(Utc(2024, 3, 10, 5, 59, 59)), 1);
  EXPECT_EQ(budget.UsedAt(Utc(2024, 3, 10, 6, 0, 0)), 0);
  budget.Advance(Utc(2024, 3, 10, 6, 0, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 0));
  EXPECT_EQ(budget.NextReset(), Utc(2024, 3, 11, 6, 0, 0));
}

TEST(DailyBudgetTest, ClockSteppingBackDoesNotReset) {
  DailyBudget budget(1, 0, kCst);
  budget.Advance(Utc(2024, 3, 10, 6, 0, 1));
  budget.Record();
  budget.Advance(Utc(2024, 3, 10, 5, 59, 0));  // back into the previous day
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 0));
}

TEST(DailyBudgetTest, UpstreamExhaustionBlocksUntilNextDayEvenWithoutQuota) {
  DailyBudget budget(0, 0, kCst);
  budget.Advance(Utc(2024, 3, 10, 12, 0, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kBulk, 1000000));
  budget.MarkExhausted();
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 0));
  EXPECT_TRUE(budget.exhausted_by_upstream());
  budget.Advance(Utc(2024, 3, 11, 6, 0, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 0));
  EXPECT_FALSE(budget.exhausted_by_upstream());
}

TEST(DailyBudgetTest, ACapHoldsForItsDayOnly) {
  DailyBudget budget(100, 0, kCst);
  budget.Advance(Utc(2024, 3, 10, 12, 0, 0));
  budget.Record();
  budget.SetCap(2);
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 0));
  budget.Record();
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 0));
  budget.SetCap(0);  // a cap of none at all, unlike "no cap"
  EXPECT_FALSE(budget.Allows(RequestPriority::kInteractive, 0));
  budget.Advance(Utc(2024, 3, 11, 6, 0, 0));
  EXPECT_TRUE(budget.Allows(RequestPriority::kInteractive, 50));
}

}  // namespace
}  // namespace leadgw::upstream::quota_internal
