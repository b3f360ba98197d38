// CapacityGate between callers: reserves of the window and of the concurrency cap, and
// the fair order of waiters (the order itself: internal/waiter_queue_test.cc).
#include <atomic>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "common/cancellation.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"
#include "upstream/quota/capacity_gate.h"

namespace leadgw::upstream::quota {
namespace {

using ::leadgw::testing_util::FakeClock;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

constexpr http::RequestPriority kInteractive = http::RequestPriority::kInteractive;
constexpr int kFlooder = 1;
constexpr int kQuiet = 2;

// 10 calls per 10 s and 4 at once; share 2 reserves 2 of each.
GateOptions TwoCallers(FakeClock& clock) {
  GateOptions options;
  options.calls_per_window = 10;
  options.window = absl::Seconds(10);
  options.max_concurrent = 4;
  options.clock = &clock;
  options.share_weights = {1, 1, 1};
  options.reserved_calls = {0, 0, 2};
  return options;
}

TEST(CapacityGateSharesTest, AnotherCallerCannotTakeAReservedWindowSlot) {
  FakeClock clock;
  CapacityGate gate(TwoCallers(clock));
  for (int i = 0; i < 8; ++i) {
    ASSERT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder), IsOk());
  }
  // Two slots are left, both the quiet caller's.
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now() + absl::Seconds(1), nullptr, nullptr,
                           kFlooder),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kQuiet), IsOk());
  // A third call of the quiet caller is beyond its reserve: it takes the last slot like
  // anyone would; the anonymous share (0) has no reserve either.
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kQuiet), IsOk());
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now() + absl::Seconds(1), nullptr, nullptr, 0),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(CapacityGateSharesTest, AnotherCallerCannotTakeAReservedConcurrencySlot) {
  FakeClock clock;
  GateOptions options = TwoCallers(clock);
  options.calls_per_window = 0;  // only the concurrency cap
  CapacityGate gate(options);
  std::vector<CapacityGate::Permit> running;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<CapacityGate::Permit> permit =
        gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder);
    ASSERT_THAT(permit, IsOk());
    running.push_back(*std::move(permit));
  }
  // The two other slots stay free for the quiet caller while its calls do not run.
  absl::StatusOr<CapacityGate::Permit> refused =
      gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder);
  EXPECT_FALSE(refused.ok());
  absl::StatusOr<CapacityGate::Permit> quiet =
      gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kQuiet);
  ASSERT_THAT(quiet, IsOk());
  // One of its calls runs: one slot of its reserve is still held back.
  EXPECT_FALSE(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder).ok());
  running.clear();  // the flooder's calls end: it may run two again
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder), IsOk());
}

// A waiter that only the quiet caller's reserve holds back can be the front (here by the
// flooder's higher weight); the quiet caller's call within its reserve must not queue
// behind it, or both would wait for the window to move.
TEST(CapacityGateSharesTest, ACallWithinItsReserveTakesNoTurn) {
  FakeClock clock;
  GateOptions options;
  options.calls_per_window = 10;
  options.window = absl::Seconds(10);
  options.clock = &clock;
  options.share_weights = {1, 1, 10};  // share 1 quiet, share 2 a heavy flooder
  options.reserved_calls = {0, 3, 0};
  CapacityGate gate(options);
  constexpr int kQuietShare = 1;
  constexpr int kHeavy = 2;
  for (int i = 0; i < 2; ++i) {
    ASSERT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kQuietShare), IsOk());
  }
  for (int i = 0; i < 7; ++i) {  // up to the one slot of the reserve left
    ASSERT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kHeavy), IsOk());
  }
  std::atomic<bool> gone{false};
  const Cancellation cancellation([&gone] { return gone.load(); });
  std::thread heavy([&] {
    EXPECT_THAT(gate.Acquire(kInteractive, clock.Now() + absl::Seconds(100), nullptr,
                             &cancellation, kHeavy),
                StatusIs(absl::StatusCode::kCancelled));
  });
  while (gate.Snapshot().waiting == 0) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kQuietShare), IsOk());
  gone = true;
  heavy.join();
}

// Reserves are parts of the configured window; when the upstream's answers cut the window
// below them, the others still get one slot of it.
TEST(CapacityGateSharesTest, ReservesNeverTakeTheWholeOfALearntWindow) {
  FakeClock clock;
  GateOptions options = TwoCallers(clock);
  options.max_concurrent = 0;
  options.reserved_calls = {0, 0, 8};
  CapacityGate gate(options);
  gate.NoteRateLimited(absl::Milliseconds(1));  // the window's limit halves to 5
  clock.Advance(absl::Milliseconds(2));
  EXPECT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder), IsOk());
  EXPECT_FALSE(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, kFlooder).ok());
}

TEST(CapacityGateSharesTest, UnknownShareIsTheAnonymousOne) {
  FakeClock clock;
  CapacityGate gate(TwoCallers(clock));
  for (int i = 0; i < 8; ++i) {
    ASSERT_THAT(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, 17), IsOk());
  }
  EXPECT_FALSE(gate.Acquire(kInteractive, clock.Now(), nullptr, nullptr, 17).ok());
}

}  // namespace
}  // namespace leadgw::upstream::quota
