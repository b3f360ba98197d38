// CapacityGate with real threads and the real clock: waiting, wake-ups, priority order
// and a stress test. Windows are short (100-300 ms) to keep the suite fast.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/quota/capacity_gate.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::quota {
namespace {

using http::RequestPriority;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;

constexpr RequestPriority kBulk = RequestPriority::kBulk;
constexpr RequestPriority kInteractive = RequestPriority::kInteractive;

// Polls until `gate` has `n` waiters (bounded: 5 s).
void AwaitWaiting(const CapacityGate& gate, int n) {
  for (int i = 0; i < 5000 && gate.Snapshot().waiting != n; ++i)
    absl::SleepFor(absl::Milliseconds(1));
  ASSERT_EQ(gate.Snapshot().waiting, n);
}

GateOptions ConcurrencyOnly(int cap) {
  GateOptions options;
  options.calls_per_window = 0;
  options.max_concurrent = cap;
  return options;
}

TEST(CapacityGateWaitTest, WaitsForTheRateSlot) {
  GateOptions options;
  options.calls_per_window = 2;
  options.window = absl::Milliseconds(200);  // + 20ms margin
  CapacityGate gate(options);
  absl::StatusOr<CapacityGate::Permit> first = gate.Acquire(kBulk, absl::Now() + absl::Seconds(1));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(gate.Acquire(kBulk, absl::Now() + absl::Seconds(1)), IsOk());
  absl::StatusOr<CapacityGate::Permit> third = gate.Acquire(kBulk, absl::Now() + absl::Seconds(5));
  ASSERT_THAT(third, IsOk());
  EXPECT_GE(third->admitted_at() - first->admitted_at(), absl::Milliseconds(220));
  EXPECT_GE(third->waited(), absl::Milliseconds(150));
  EXPECT_LT(third->waited(), absl::Seconds(2));
}

TEST(CapacityGateWaitTest, FailsWhenTheDeadlineArrivesWhileWaiting) {
  CapacityGate gate(ConcurrencyOnly(1));
  absl::StatusOr<CapacityGate::Permit> busy = gate.Acquire(kBulk, absl::Now() + absl::Seconds(1));
  ASSERT_THAT(busy, IsOk());
  const absl::Time start = absl::Now();
  RejectReason reason = RejectReason::kDeadline;
  absl::StatusOr<CapacityGate::Permit> result =
      gate.Acquire(kInteractive, start + absl::Milliseconds(100), &reason);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(100));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(reason, RejectReason::kConcurrency);
  EXPECT_EQ(RetryAfter(result.status()), absl::Seconds(1));
  EXPECT_EQ(gate.Snapshot().waiting, 0);
}

TEST(CapacityGateWaitTest, InteractiveGoesBeforeAnEarlierBulkWaiter) {
  CapacityGate gate(ConcurrencyOnly(1));
  std::optional<CapacityGate::Permit> busy(*gate.Acquire(kBulk, absl::Now() + absl::Seconds(1)));
  std::mutex mu;
  std::vector<std::string> order;
  auto call = [&](RequestPriority priority, std::string name) {
    absl::StatusOr<CapacityGate::Permit> permit =
        gate.Acquire(priority, absl::Now() + absl::Seconds(5));
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(permit.ok() ? name : name + " failed");
  };  // the permit is released here, after recording
  std::thread bulk1(call, kBulk, "bulk1");
  AwaitWaiting(gate, 1);
  std::thread bulk2(call, kBulk, "bulk2");
  AwaitWaiting(gate, 2);
  std::thread interactive(call, kInteractive, "interactive");
  AwaitWaiting(gate, 3);
  busy.reset();
  bulk1.join();
  bulk2.join();
  interactive.join();
  EXPECT_EQ(order, (std::vector<std::string>{"interactive", "bulk1", "bulk2"}));
}

TEST(CapacityGateWaitTest, DeferredReleaseWakesTheWaiter) {
  CapacityGate gate(ConcurrencyOnly(1));
  const absl::Time until = absl::Now() + absl::Milliseconds(150);
  {
    absl::StatusOr<CapacityGate::Permit> abandoned =
        gate.Acquire(kBulk, absl::Now() + absl::Seconds(1));
    ASSERT_THAT(abandoned, IsOk());
    abandoned->HoldUntil(until);
  }
  absl::StatusOr<CapacityGate::Permit> next = gate.Acquire(kBulk, absl::Now() + absl::Seconds(5));
  ASSERT_THAT(next, IsOk());
  EXPECT_GE(next->admitted_at(), until);
  EXPECT_LT(next->admitted_at(), until + absl::Seconds(2));
}

TEST(CapacityGateWaitTest, HoldAddedWhileWaitingIsHonoured) {
  CapacityGate gate(ConcurrencyOnly(1));
  std::optional<CapacityGate::Permit> busy(*gate.Acquire(kBulk, absl::Now() + absl::Seconds(1)));
  absl::Time admitted;
  std::thread waiter([&] {
    absl::StatusOr<CapacityGate::Permit> permit =
        gate.Acquire(kBulk, absl::Now() + absl::Seconds(5));
    admitted = permit.ok() ? permit->admitted_at() : absl::InfiniteFuture();
  });
  AwaitWaiting(gate, 1);
  const absl::Time until = absl::Now() + absl::Milliseconds(100);
  busy->HoldUntil(until);
  busy.reset();  // the waiter learns of the hold and wakes at its end
  waiter.join();
  EXPECT_GE(admitted, until);
  EXPECT_LT(admitted, until + absl::Seconds(2));
}

TEST(CapacityGateWaitTest, EstimateCountsTheWaitersAhead) {
  GateOptions options;
  options.calls_per_window = 1;
  options.window = absl::Milliseconds(300);  // + 20ms margin
  CapacityGate gate(options);
  absl::Time first_at;
  {
    absl::StatusOr<CapacityGate::Permit> first =
        gate.Acquire(kBulk, absl::Now() + absl::Seconds(1));
    ASSERT_THAT(first, IsOk());
    first_at = first->admitted_at();
  }  // answered at once: its slot frees 320ms after its end
  std::thread waiter(
      [&] { EXPECT_THAT(gate.Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk()); });
  AwaitWaiting(gate, 1);
  // Alone, this call would get the slot at +320ms; behind the waiter, only at +640ms.
  const absl::Time start = absl::Now();
  RejectReason reason;
  absl::StatusOr<CapacityGate::Permit> result =
      gate.Acquire(kBulk, first_at + absl::Milliseconds(500), &reason);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(200));  // refused at once
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(reason, RejectReason::kRateWindow);
  EXPECT_NE(result.status().message().find("1 calls queued ahead"), absl::string_view::npos)
      << result.status();
  std::optional<absl::Duration> hint = RetryAfter(result.status());
  ASSERT_TRUE(hint.has_value());
  EXPECT_GT(*hint, absl::Milliseconds(400));
  waiter.join();
}

TEST(CapacityGateWaitTest, NoteRateLimitedFailsWaitersThatCannotMakeIt) {
  CapacityGate gate(ConcurrencyOnly(1));
  std::optional<CapacityGate::Permit> busy(*gate.Acquire(kBulk, absl::Now() + absl::Seconds(1)));
  absl::Duration elapsed;
  RejectReason reason = RejectReason::kDeadline;
  std::thread waiter([&] {
    const absl::Time start = absl::Now();
    absl::StatusOr<CapacityGate::Permit> permit =
        gate.Acquire(kBulk, start + absl::Seconds(3), &reason);
    elapsed = absl::Now() - start;
    EXPECT_THAT(permit, Not(IsOk()));
  });
  AwaitWaiting(gate, 1);
  gate.NoteRateLimited(absl::Seconds(30));
  waiter.join();
  EXPECT_EQ(reason, RejectReason::kRateWindow);
  EXPECT_LT(elapsed, absl::Seconds(2));
}

// 8 threads share a gate of 20 calls per 100ms (+20ms margin) and 4 concurrent calls.
// A checker logs every admission; no 21 of them may fit in any 120ms, and no more than 4
// calls may run at once.
TEST(CapacityGateWaitTest, StressNeverExceedsTheWindow) {
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 20;
  constexpr int kLimit = 20;
  GateOptions options;
  options.calls_per_window = kLimit;
  options.window = absl::Milliseconds(100);
  options.max_concurrent = 4;
  CapacityGate gate(options);
  const absl::Duration span = options.window + DefaultSafetyMargin(options.window);

  std::mutex mu;
  std::vector<absl::Time> admitted;
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        const RequestPriority priority = (t + i) % 3 == 0 ? kInteractive : kBulk;
        absl::StatusOr<CapacityGate::Permit> permit =
            gate.Acquire(priority, absl::Now() + absl::Seconds(30));
        if (!permit.ok()) {
          ++failures;
          continue;
        }
        const int now_running = ++running;
        int seen = max_running.load();
        while (now_running > seen && !max_running.compare_exchange_weak(seen, now_running)) {
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          admitted.push_back(permit->admitted_at());
        }
        if (i % 4 == 0) absl::SleepFor(absl::Microseconds(500));
        --running;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(max_running.load(), 4);
  ASSERT_EQ(admitted.size(), static_cast<size_t>(kThreads * kCallsPerThread));
  std::sort(admitted.begin(), admitted.end());
  for (size_t i = 0; i + kLimit < admitted.size(); ++i) {
    ASSERT_GE(admitted[i + kLimit] - admitted[i], span) << "calls " << i << ".." << i + kLimit;
  }
  const GateSnapshot snapshot = gate.Snapshot();
  EXPECT_EQ(snapshot.in_flight, 0);
  EXPECT_EQ(snapshot.waiting, 0);
  EXPECT_EQ(snapshot.daily_calls, kThreads * kCallsPerThread);
}

// A caller that goes away leaves the queue (CANCELLED) instead of holding its place
// until its deadline, and the waiter behind it moves up.
TEST(CapacityGateWaitTest, ACancelledWaiterLeavesTheQueue) {
  CapacityGate gate(ConcurrencyOnly(1));
  std::optional<CapacityGate::Permit> busy(*gate.Acquire(kBulk, absl::Now() + absl::Seconds(1)));
  std::atomic<bool> gone{false};
  const Cancellation cancellation([&gone] { return gone.load(); });
  absl::StatusOr<CapacityGate::Permit> cancelled = absl::UnknownError("not run");
  std::thread first([&] {
    cancelled = gate.Acquire(kBulk, absl::Now() + absl::Seconds(30), nullptr, &cancellation);
  });
  AwaitWaiting(gate, 1);
  absl::StatusOr<CapacityGate::Permit> second = absl::UnknownError("not run");
  std::thread behind([&] { second = gate.Acquire(kBulk, absl::Now() + absl::Seconds(30)); });
  AwaitWaiting(gate, 2);
  const absl::Time gone_at = absl::Now();
  gone = true;
  first.join();
  EXPECT_THAT(cancelled, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_LT(absl::Now() - gone_at, absl::Seconds(5));  // polled every 50 ms
  AwaitWaiting(gate, 1);
  busy.reset();
  behind.join();
  EXPECT_THAT(second, IsOk());
}

}  // namespace
}  // namespace leadgw::upstream::quota
