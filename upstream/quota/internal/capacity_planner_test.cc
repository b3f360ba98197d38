#include "upstream/quota/internal/capacity_planner.h"

#include "gtest/gtest.h"

namespace leadgw::upstream::quota_internal {
namespace {

using http::RequestPriority;
using quota::RejectReason;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);  // 2023-11-14 16:13:20 CST

PlannerLimits Limits(int calls, absl::Duration span, int concurrent, int quota) {
  PlannerLimits limits;
  limits.calls_per_window = calls;
  limits.span = span;
  limits.max_concurrent = concurrent;
  limits.daily_quota = quota;
  limits.day_start_utc_offset = absl::Hours(-6);
  return limits;
}

TEST(CapacityPlannerTest, IdleAdmitsNow) {
  CapacityPlanner planner(Limits(2, absl::Seconds(10), 1, 5));
  planner.Advance(kT0);
  const Plan plan = planner.PlanCall(kT0, RequestPriority::kBulk, 0);
  EXPECT_TRUE(plan.AdmitNow(kT0));
  EXPECT_EQ(plan.limit, RejectReason::kDeadline);
}

TEST(CapacityPlannerTest, FullWindowNamesTheRateWindow) {
  CapacityPlanner planner(Limits(2, absl::Seconds(10), 0, 0));
  planner.Advance(kT0);
  planner.Admit();
  planner.Release(kT0, absl::InfinitePast());
  planner.Admit();
  planner.Release(kT0 + absl::Seconds(1), absl::InfinitePast());
  const absl::Time now = kT0 + absl::Seconds(2);
  Plan plan = planner.PlanCall(now, RequestPriority::kInteractive, 0);
  EXPECT_FALSE(plan.AdmitNow(now));
  EXPECT_EQ(plan.not_before, kT0 + absl::Seconds(10));
  EXPECT_EQ(plan.limit, RejectReason::kRateWindow);
  EXPECT_FALSE(plan.upstream_said);
  plan = planner.PlanCall(now, RequestPriority::kInteractive, 2);
  EXPECT_EQ(plan.not_before, kT0 + absl::Seconds(20));
}

TEST(CapacityPlannerTest, SlowCallHoldsItsWindowSlotUntilSpanAfterItsAnswer) {
  CapacityPlanner planner(Limits(1, absl::Seconds(10), 0, 0));
  planner.Advance(kT0);
  planner.Admit();
  const absl::Time answered = kT0 + absl::Seconds(12);
  EXPECT_FALSE(planner.PlanCall(answered, RequestPriority::kBulk, 0).AdmitNow(answered));
  // Abandoned calls too: the window logs the end, whatever the concurrency hold.
  EXPECT_TRUE(planner.Release(answered, absl::InfinitePast()));
  const Plan plan = planner.PlanCall(answered, RequestPriority::kBulk, 0);
  EXPECT_EQ(plan.not_before, answered + absl::Seconds(10));
  EXPECT_EQ(plan.limit, RejectReason::kRateWindow);
}

TEST(CapacityPlannerTest, UpstreamHoldOff) {
  CapacityPlanner planner(Limits(100, absl::Seconds(20), 0, 0));
  planner.Advance(kT0);
  planner.BlockUntil(kT0 + absl::Seconds(5));
  planner.BlockUntil(kT0 + absl::Seconds(3));  // an earlier end does not shorten it
  const Plan plan = planner.PlanCall(kT0, RequestPriority::kInteractive, 0);
  EXPECT_EQ(plan.not_before, kT0 + absl::Seconds(5));
  EXPECT_EQ(plan.limit, RejectReason::kRateWindow);
  EXPECT_TRUE(plan.upstream_said);
  EXPECT_EQ(planner.blocked_until(), kT0 + absl::Seconds(5));
  EXPECT_TRUE(planner.PlanCall(kT0 + absl::Seconds(5), RequestPriority::kBulk, 0)
                  .AdmitNow(kT0 + absl::Seconds(5)));
}

TEST(CapacityPlannerTest, DailyBudgetWaitsForTheNextDay) {
  PlannerLimits limits = Limits(0, absl::Seconds(20), 0, 3);
  limits.daily_reserve = 1;
  CapacityPlanner planner(limits);
  planner.Advance(kT0);
  planner.Admit();
  planner.Admit();
  const absl::Time midnight =
      absl::FromCivil(absl::CivilDay(2023, 11, 15), absl::FixedTimeZone(-6 * 3600));
  Plan plan = planner.PlanCall(kT0, RequestPriority::kBulk, 0);
  EXPECT_EQ(plan.limit, RejectReason::kDailyQuota);
  EXPECT_EQ(plan.not_before, midnight);
  EXPECT_FALSE(plan.upstream_said);
  EXPECT_TRUE(planner.PlanCall(kT0, RequestPriority::kInteractive, 0).AdmitNow(kT0));
  EXPECT_FALSE(planner.PlanCall(kT0, RequestPriority::kInteractive, 1).AdmitNow(kT0));
  EXPECT_EQ(planner.DailyCallsAt(kT0), 2);
  EXPECT_EQ(planner.DailyCallsAt(midnight), 0);
}

TEST(CapacityPlannerTest, UpstreamDailyExhaustion) {
  CapacityPlanner planner(Limits(0, absl::Seconds(20), 0, 0));
  planner.MarkDayExhausted(kT0);
  const Plan plan = planner.PlanCall(kT0, RequestPriority::kInteractive, 0);
  EXPECT_EQ(plan.limit, RejectReason::kDailyQuota);
  EXPECT_TRUE(plan.upstream_said);
  planner.Advance(plan.not_before);
  EXPECT_TRUE(
      planner.PlanCall(plan.not_before, RequestPriority::kBulk, 0).AdmitNow(plan.not_before));
}

TEST(CapacityPlannerTest, ConcurrencyCapAndDeferredRelease) {
  CapacityPlanner planner(Limits(0, absl::Seconds(20), 2, 0));
  planner.Advance(kT0);
  planner.Admit();
  planner.Admit();
  Plan plan = planner.PlanCall(kT0, RequestPriority::kInteractive, 0);
  EXPECT_TRUE(plan.concurrency_full);
  EXPECT_EQ(plan.limit, RejectReason::kConcurrency);
  EXPECT_EQ(plan.concurrency_hint, absl::InfiniteFuture());
  EXPECT_LE(plan.not_before, kT0);  // never a reason to refuse at once

  // One call is abandoned but may run upstream for 5 more seconds.
  EXPECT_FALSE(planner.Release(kT0, kT0 + absl::Seconds(5)));
  EXPECT_EQ(planner.InFlightAt(kT0), 2);
  plan = planner.PlanCall(kT0, RequestPriority::kInteractive, 0);
  EXPECT_TRUE(plan.concurrency_full);
  EXPECT_EQ(plan.concurrency_hint, kT0 + absl::Seconds(5));
  EXPECT_EQ(planner.InFlightAt(kT0 + absl::Seconds(5)), 1);  // a view, no state change
  EXPECT_EQ(planner.Advance(kT0 + absl::Seconds(4)), 0);
  EXPECT_EQ(planner.Advance(kT0 + absl::Seconds(5)), 1);
  EXPECT_TRUE(planner.PlanCall(kT0 + absl::Seconds(5), RequestPriority::kBulk, 0)
                  .AdmitNow(kT0 + absl::Seconds(5)));
  EXPECT_FALSE(planner.PlanCall(kT0 + absl::Seconds(5), RequestPriority::kBulk, 1)
                   .AdmitNow(kT0 + absl::Seconds(5)));

  // A hold already past is a plain release.
  EXPECT_TRUE(planner.Release(kT0 + absl::Seconds(6), kT0 + absl::Seconds(1)));
  EXPECT_EQ(planner.InFlightAt(kT0 + absl::Seconds(6)), 0);
}

TEST(CapacityPlannerTest, AConcurrencyCapLowersTheConfiguredOneOnly) {
  CapacityPlanner planner(Limits(0, absl::Seconds(10), 4, 0));
  planner.Advance(kT0);
  planner.Admit();
  planner.SetConcurrencyCap(1);
  EXPECT_TRUE(planner.PlanCall(kT0, RequestPriority::kBulk, 0).concurrency_full);
  planner.SetConcurrencyCap(0);
  EXPECT_FALSE(planner.PlanCall(kT0, RequestPriority::kBulk, 0).concurrency_full);
  planner.SetConcurrencyCap(10);  // never raises it
  EXPECT_TRUE(planner.PlanCall(kT0, RequestPriority::kBulk, 3).concurrency_full);
  CapacityPlanner uncapped(Limits(0, absl::Seconds(10), 0, 0));
  uncapped.SetConcurrencyCap(1);  // nothing configured, nothing to lower
  uncapped.Admit();
  EXPECT_FALSE(uncapped.PlanCall(kT0, RequestPriority::kBulk, 5).concurrency_full);
}

TEST(CapacityPlannerTest, RateOutranksConcurrencyAsTheReason) {
  CapacityPlanner planner(Limits(1, absl::Seconds(10), 1, 0));
  planner.Advance(kT0);
  planner.Admit();
  const Plan plan = planner.PlanCall(kT0, RequestPriority::kInteractive, 0);
  EXPECT_TRUE(plan.concurrency_full);
  EXPECT_EQ(plan.limit, RejectReason::kRateWindow);
  EXPECT_EQ(plan.not_before, kT0 + absl::Seconds(10));
}

}  // namespace
}  // namespace leadgw::upstream::quota_internal
