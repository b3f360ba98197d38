// CapacityGate decisions that need no waiting, driven by a fake clock. Waiting, priority
// and concurrency under real threads: capacity_gate_wait_test.cc.
#include "upstream/quota/capacity_gate.h"

#include <optional>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::quota {
namespace {

using http::RequestPriority;
using ::leadgw::testing_util::FakeClock;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;

constexpr RequestPriority kBulk = RequestPriority::kBulk;
constexpr RequestPriority kInteractive = RequestPriority::kInteractive;

absl::Time Utc(int y, int mo, int d, int h, int mi, int s) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone());
}

GateOptions RateOnly(FakeClock& clock, int calls, absl::Duration window) {
  GateOptions options;
  options.calls_per_window = calls;
  options.window = window;
  options.clock = &clock;
  return options;
}

// Asserts a refusal and returns its retry-after hint. `got` is read after the call.
absl::Duration ExpectRefused(const absl::StatusOr<CapacityGate::Permit>& result,
                             const RejectReason& got, RejectReason want) {
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(RejectReasonName(got), RejectReasonName(want)) << result.status();
  std::optional<absl::Duration> hint = RetryAfter(result.status());
  EXPECT_TRUE(hint.has_value()) << result.status();
  return hint.value_or(absl::InfiniteDuration());
}

TEST(CapacityGateTest, DefaultSafetyMargin) {
  EXPECT_EQ(DefaultSafetyMargin(absl::Seconds(20)), absl::Milliseconds(200));
  EXPECT_EQ(DefaultSafetyMargin(absl::Seconds(60)), absl::Milliseconds(600));
  EXPECT_EQ(DefaultSafetyMargin(absl::Seconds(1)), absl::Milliseconds(20));
  EXPECT_EQ(DefaultSafetyMargin(absl::Milliseconds(200)), absl::Milliseconds(20));
}

TEST(CapacityGateTest, OptionsFromLimits) {
  UpstreamLimits limits;
  limits.calls_per_window = 100;
  limits.window = absl::Seconds(60);
  limits.max_concurrent = 10;
  limits.daily_quota = 50000;
  limits.daily_reserve = 5000;
  const GateOptions options = GateOptionsFromLimits(limits);
  EXPECT_EQ(options.calls_per_window, 100);
  EXPECT_EQ(options.window, absl::Seconds(60));
  EXPECT_EQ(options.safety_margin, absl::Milliseconds(600));
  EXPECT_EQ(options.max_concurrent, 10);
  EXPECT_EQ(options.daily_quota, 50000);
  EXPECT_EQ(options.daily_reserve, 5000);
  EXPECT_EQ(options.day_start_utc_offset, absl::Hours(-6));
}

TEST(CapacityGateTest, AutoMarginFollowsTheWindow) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 1, absl::Seconds(1)));  // margin 20ms
  const absl::Time t0 = clock.Now();
  ASSERT_THAT(gate.Acquire(kBulk, t0), IsOk());
  clock.Set(t0 + absl::Milliseconds(1019));
  RejectReason reason;
  EXPECT_EQ(
      ExpectRefused(gate.Acquire(kBulk, clock.Now(), &reason), reason, RejectReason::kRateWindow),
      absl::Milliseconds(1));
  clock.Set(t0 + absl::Milliseconds(1020));
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
}

// The pace of coalesced writes: the window with its margin over the calls it admits, and
// slower once the gate learnt a lower share from a rate-limit answer.
TEST(CapacityGateTest, CallSpacingIsTheWindowOverItsCalls) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 100, absl::Seconds(20)));
  EXPECT_EQ(gate.CallSpacing(), absl::Milliseconds(202));  // (20 s + 200 ms) / 100
  gate.NoteRateLimited(absl::ZeroDuration());
  EXPECT_GT(gate.CallSpacing(), absl::Milliseconds(202));

  GateOptions unlimited = RateOnly(clock, 0, absl::Seconds(20));
  EXPECT_EQ(CapacityGate(unlimited).CallSpacing(), absl::ZeroDuration());
}

TEST(CapacityGateTest, WindowIsExactAtTheEdge) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 100, absl::Seconds(20)));  // span 20.2s
  const absl::Time t0 = clock.Now();
  for (int i = 0; i < 100; ++i) {
    clock.Set(t0 + i * absl::Milliseconds(10));
    ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk()) << i;
  }
  // The 101st call one millisecond before the oldest leaves the window (+ margin).
  clock.Set(t0 + absl::Milliseconds(20199));
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> result = gate.Acquire(kInteractive, clock.Now(), &reason);
  EXPECT_EQ(ExpectRefused(result, reason, RejectReason::kRateWindow), absl::Milliseconds(1));
  EXPECT_EQ(result.status().message(),
            "no upstream capacity before the deadline: 100 calls per 20s window in use; "
            "next slot in 1ms");
  // At oldest + window + margin the slot is free; the next one frees 10ms later.
  clock.Set(t0 + absl::Milliseconds(20200));
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  EXPECT_EQ(
      ExpectRefused(gate.Acquire(kBulk, clock.Now(), &reason), reason, RejectReason::kRateWindow),
      absl::Milliseconds(10));
}

TEST(CapacityGateTest, BurstAtAFixedWindowEdgeIsRefused) {
  FakeClock clock(absl::FromUnixSeconds(1700000000));
  CapacityGate gate(RateOnly(clock, 100, absl::Seconds(20)));
  const absl::Time t0 = clock.Now();
  clock.Set(t0 + absl::Milliseconds(19900));
  for (int i = 0; i < 100; ++i) ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk()) << i;
  // A fixed 20s window would start afresh at t0 + 20s and let 100 more through.
  clock.Set(t0 + absl::Milliseconds(20100));
  RejectReason reason;
  EXPECT_EQ(ExpectRefused(gate.Acquire(kBulk, clock.Now() + absl::Seconds(10), &reason), reason,
                          RejectReason::kRateWindow),
            absl::Seconds(20));
  EXPECT_EQ(gate.Snapshot().window_calls, 100);
}

TEST(CapacityGateTest, RefusesAtOnceWhenTheSlotFreesAfterTheDeadline) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 2, absl::Seconds(10)));  // span 10.1s
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  clock.Advance(absl::Seconds(5));
  // The fake clock never moves on its own: waiting here would never end.
  RejectReason reason = RejectReason::kDeadline;
  absl::StatusOr<CapacityGate::Permit> result =
      gate.Acquire(kInteractive, clock.Now() + absl::Seconds(5), &reason);
  EXPECT_EQ(ExpectRefused(result, reason, RejectReason::kRateWindow), absl::Milliseconds(5100));
  EXPECT_NE(result.status().message().find("2 calls per 10s window in use; next slot in 5.1s"),
            absl::string_view::npos)
      << result.status();
  EXPECT_EQ(gate.Snapshot().waiting, 0);
  // A null reason is fine.
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), Not(IsOk()));
}

TEST(CapacityGateTest, DeadlineInThePast) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 10, absl::Seconds(10)));
  // Free capacity and a deadline of exactly now: admitted.
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> result =
      gate.Acquire(kBulk, clock.Now() - absl::Milliseconds(1), &reason);
  EXPECT_EQ(ExpectRefused(result, reason, RejectReason::kDeadline), absl::ZeroDuration());
  EXPECT_EQ(result.status().message(),
            "no upstream capacity before the deadline: the deadline has passed");
  EXPECT_EQ(gate.Snapshot().window_calls, 1);
}

TEST(CapacityGateTest, FastPathPermit) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 10, absl::Seconds(10)));
  absl::StatusOr<CapacityGate::Permit> permit = gate.Acquire(kBulk, absl::InfiniteFuture());
  ASSERT_THAT(permit, IsOk());
  EXPECT_EQ(permit->waited(), absl::ZeroDuration());
  EXPECT_EQ(permit->admitted_at(), clock.Now());
}

TEST(CapacityGateTest, ConcurrencyCapAndHoldUntil) {
  FakeClock clock;
  GateOptions options = RateOnly(clock, 0, absl::Seconds(20));
  options.max_concurrent = 2;
  CapacityGate gate(options);
  std::optional<CapacityGate::Permit> p1, p2, p3;
  p1.emplace(*gate.Acquire(kBulk, clock.Now()));
  p2.emplace(*gate.Acquire(kBulk, clock.Now()));
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> refused = gate.Acquire(kInteractive, clock.Now(), &reason);
  EXPECT_EQ(ExpectRefused(refused, reason, RejectReason::kConcurrency), absl::Seconds(1));
  EXPECT_EQ(refused.status().message(),
            "no upstream capacity before the deadline: 2 concurrent calls in flight");
  p1.reset();
  p3.emplace(*gate.Acquire(kBulk, clock.Now()));

  // p2's call timed out on our side but may run upstream for 5 more seconds.
  p2->HoldUntil(clock.Now() + absl::Seconds(5));
  p2.reset();
  EXPECT_EQ(gate.Snapshot().in_flight, 2);
  EXPECT_EQ(
      ExpectRefused(gate.Acquire(kBulk, clock.Now(), &reason), reason, RejectReason::kConcurrency),
      absl::Seconds(5));
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(gate.Snapshot().in_flight, 1);
  absl::StatusOr<CapacityGate::Permit> p4 = gate.Acquire(kBulk, clock.Now());
  ASSERT_THAT(p4, IsOk());
  EXPECT_EQ(gate.Snapshot().in_flight, 2);

  // A hold that has already passed frees the slot at destruction.
  p3->HoldUntil(clock.Now() - absl::Seconds(1));
  p3.reset();
  EXPECT_EQ(gate.Snapshot().in_flight, 1);
}

TEST(CapacityGateTest, PermitMovesReleaseOnce) {
  FakeClock clock;
  GateOptions options = RateOnly(clock, 0, absl::Seconds(20));
  options.max_concurrent = 3;
  CapacityGate gate(options);
  absl::StatusOr<CapacityGate::Permit> a = gate.Acquire(kBulk, clock.Now());
  absl::StatusOr<CapacityGate::Permit> b = gate.Acquire(kBulk, clock.Now());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  {
    CapacityGate::Permit moved(std::move(*a));
    EXPECT_EQ(gate.Snapshot().in_flight, 2);
    moved = std::move(*b);  // releases what `moved` held
    EXPECT_EQ(gate.Snapshot().in_flight, 1);
  }
  EXPECT_EQ(gate.Snapshot().in_flight, 0);
}

TEST(CapacityGateTest, DailyQuotaWithReserve) {
  FakeClock clock(Utc(2024, 3, 10, 12, 0, 0));  // 06:00 CST
  GateOptions options = RateOnly(clock, 0, absl::Seconds(20));
  options.daily_quota = 10;
  options.daily_reserve = 3;
  CapacityGate gate(options);
  for (int i = 0; i < 7; ++i) ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk()) << i;
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> bulk =
      gate.Acquire(kBulk, clock.Now() + absl::Hours(1), &reason);
  EXPECT_EQ(ExpectRefused(bulk, reason, RejectReason::kDailyQuota), absl::Hours(18));
  EXPECT_EQ(bulk.status().message(),
            "no upstream capacity before the deadline: daily quota of 10 calls spent "
            "(bulk calls stop at 7); resets in 18h");
  for (int i = 0; i < 3; ++i) ASSERT_THAT(gate.Acquire(kInteractive, clock.Now()), IsOk()) << i;
  absl::StatusOr<CapacityGate::Permit> interactive =
      gate.Acquire(kInteractive, clock.Now(), &reason);
  EXPECT_EQ(ExpectRefused(interactive, reason, RejectReason::kDailyQuota), absl::Hours(18));
  EXPECT_EQ(interactive.status().message(),
            "no upstream capacity before the deadline: daily quota of 10 calls spent; "
            "resets in 18h");
  EXPECT_EQ(gate.Snapshot().daily_calls, 10);
}

TEST(CapacityGateTest, DailyQuotaResetsAtCstMidnight) {
  FakeClock clock(Utc(2024, 3, 9, 23, 59, 59));  // 17:59:59 CST
  GateOptions options = RateOnly(clock, 0, absl::Seconds(20));
  options.daily_quota = 2;
  CapacityGate gate(options);
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  clock.Set(Utc(2024, 3, 10, 0, 0, 1));  // UTC midnight passed: the same CST day
  RejectReason reason;
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), &reason), Not(IsOk()));
  clock.Set(Utc(2024, 3, 10, 5, 59, 59));  // 23:59:59 CST
  EXPECT_EQ(ExpectRefused(gate.Acquire(kInteractive, clock.Now(), &reason), reason,
                          RejectReason::kDailyQuota),
            absl::Seconds(1));
  clock.Set(Utc(2024, 3, 10, 6, 0, 0));  // midnight CST
  EXPECT_EQ(gate.Snapshot().daily_calls, 0);
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  EXPECT_EQ(gate.Snapshot().daily_calls, 1);
}

TEST(CapacityGateTest, NoteRateLimitedHoldsEverythingOff) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 100, absl::Seconds(20)));
  gate.NoteRateLimited(absl::Seconds(5));
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> result =
      gate.Acquire(kInteractive, clock.Now() + absl::Seconds(1), &reason);
  EXPECT_EQ(ExpectRefused(result, reason, RejectReason::kRateWindow), absl::Seconds(5));
  EXPECT_EQ(result.status().message(),
            "no upstream capacity before the deadline: the upstream answered rate-limited; "
            "next call allowed in 5s");
  clock.Advance(absl::Seconds(5));
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
}

// Another integration spends part of the account's window: the upstream's answer is the
// only sign, so the gate waits the window out and halves the share it takes.
TEST(CapacityGateTest, RateLimitAnswerWithoutHintPausesAWindowAndHalvesTheLimit) {
  FakeClock clock;
  CapacityGate gate(RateOnly(clock, 4, absl::Seconds(10)));  // span: 10 s + 100 ms margin
  gate.NoteRateLimited(absl::ZeroDuration());
  EXPECT_EQ(gate.Snapshot().window_limit, 2);
  EXPECT_EQ(gate.Snapshot().configured_window_limit, 4);
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> paused =
      gate.Acquire(kInteractive, clock.Now() + absl::Seconds(10), &reason);
  EXPECT_EQ(ExpectRefused(paused, reason, RejectReason::kRateWindow),
            absl::Milliseconds(10100));
  clock.Advance(absl::Milliseconds(10100));
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  absl::StatusOr<CapacityGate::Permit> full =
      gate.Acquire(kInteractive, clock.Now() + absl::Seconds(1), &reason);
  ExpectRefused(full, reason, RejectReason::kRateWindow);
  EXPECT_EQ(full.status().message(),
            "no upstream capacity before the deadline: 2 calls per 10s window in use (of 4 "
            "configured: the upstream rate-limited us); next slot in 10.1s");
  // A quiet window later the share regrows by one step (max(1, 4 / 20)).
  clock.Advance(absl::Milliseconds(10100));
  EXPECT_EQ(gate.Snapshot().window_calls, 0);
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  EXPECT_EQ(gate.Snapshot().window_limit, 3);
}

TEST(CapacityGateTest, NoteDailyQuotaExhaustedUntilTheNextDay) {
  FakeClock clock(Utc(2024, 3, 10, 12, 0, 0));
  CapacityGate gate(RateOnly(clock, 100, absl::Seconds(20)));  // no quota of our own
  ASSERT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
  gate.NoteDailyQuotaExhausted();
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> result = gate.Acquire(kInteractive, clock.Now(), &reason);
  EXPECT_EQ(ExpectRefused(result, reason, RejectReason::kDailyQuota), absl::Hours(18));
  EXPECT_EQ(result.status().message(),
            "no upstream capacity before the deadline: the upstream reported the daily "
            "quota spent; resets in 18h");
  clock.Set(Utc(2024, 3, 11, 5, 59, 0));
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), Not(IsOk()));
  clock.Set(Utc(2024, 3, 11, 6, 0, 0));
  EXPECT_THAT(gate.Acquire(kBulk, clock.Now()), IsOk());
}

TEST(CapacityGateTest, Snapshot) {
  FakeClock clock;
  GateOptions options = RateOnly(clock, 100, absl::Seconds(20));
  options.max_concurrent = 10;
  options.daily_quota = 50000;
  CapacityGate gate(options);
  std::vector<CapacityGate::Permit> held;
  for (int i = 0; i < 3; ++i) held.push_back(*gate.Acquire(kBulk, clock.Now()));
  ASSERT_THAT(gate.Acquire(kInteractive, clock.Now()), IsOk());  // released at once
  GateSnapshot snapshot = gate.Snapshot();
  EXPECT_EQ(snapshot.window_calls, 4);
  EXPECT_EQ(snapshot.window_limit, 100);
  EXPECT_EQ(snapshot.window, absl::Seconds(20));
  EXPECT_EQ(snapshot.in_flight, 3);
  EXPECT_EQ(snapshot.concurrency_limit, 10);
  EXPECT_EQ(snapshot.daily_calls, 4);
  EXPECT_EQ(snapshot.daily_limit, 50000);
  EXPECT_EQ(snapshot.waiting, 0);
  clock.Advance(absl::Milliseconds(20200));  // the window (+ margin) has passed...
  EXPECT_EQ(gate.Snapshot().window_calls, 3);  // ...but running calls count until they end
  held.clear();
  clock.Advance(absl::Milliseconds(20200));
  snapshot = gate.Snapshot();
  EXPECT_EQ(snapshot.window_calls, 0);
  EXPECT_EQ(snapshot.in_flight, 0);
  EXPECT_EQ(snapshot.daily_calls, 4);
}

TEST(CapacityGateTest, ReasonNames) {
  EXPECT_EQ(RejectReasonName(RejectReason::kRateWindow), "rate_window");
  EXPECT_EQ(RejectReasonName(RejectReason::kDailyQuota), "daily_quota");
  EXPECT_EQ(RejectReasonName(RejectReason::kConcurrency), "concurrency");
  EXPECT_EQ(RejectReasonName(RejectReason::kDeadline), "deadline");
}

}  // namespace
}  // namespace leadgw::upstream::quota
