#include "upstream/breaker/circuit_breaker.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::breaker {
namespace {

using ::leadgw::testing_util::FakeClock;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;
using Ticket = CircuitBreaker::Ticket;

// Sanitizers make every allocation and lock several times dearer; the timing bounds below
// guard against gross regressions (a sleep, a syscall, a quadratic loop), not against that.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int kSlowdown = 10;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
constexpr int kSlowdown = 10;
#else
constexpr int kSlowdown = 1;
#endif
#else
constexpr int kSlowdown = 1;
#endif

BreakerOptions Options(int threshold = 3, absl::Duration open = absl::Seconds(5), int probes = 1) {
  BreakerOptions options;
  options.failure_threshold = threshold;
  options.open_duration = open;
  options.half_open_probes = probes;
  options.name = "mkto-prod";
  return options;
}

// Runs one allowed call with the given outcome; fails the test if it was not allowed.
void Call(CircuitBreaker& breaker, bool success) {
  absl::StatusOr<Ticket> ticket = breaker.Allow();
  ASSERT_THAT(ticket, IsOk());
  breaker.Record(std::move(*ticket), success);
}

// Records every transition. The breaker already serialises its callbacks; the lock lets a
// test read `states` from another thread without a data race.
struct TransitionLog {
  std::mutex mu;
  std::vector<BreakerState> states;
  std::function<void(BreakerState)> Callback() {
    return [this](BreakerState s) {
      std::lock_guard<std::mutex> lock(mu);
      states.push_back(s);
    };
  }
};

TEST(BreakerStateNameTest, Names) {
  EXPECT_EQ(BreakerStateName(BreakerState::kClosed), "closed");
  EXPECT_EQ(BreakerStateName(BreakerState::kHalfOpen), "half_open");
  EXPECT_EQ(BreakerStateName(BreakerState::kOpen), "open");
}

TEST(CircuitBreakerTest, OpensAfterThresholdConsecutiveFailures) {
  FakeClock clock;
  CircuitBreaker breaker(Options(3), clock);
  Call(breaker, false);
  Call(breaker, false);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 2);
  Call(breaker, false);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  EXPECT_THAT(breaker.Allow(), Not(IsOk()));
}

TEST(CircuitBreakerTest, SuccessResetsTheFailureCount) {
  FakeClock clock;
  CircuitBreaker breaker(Options(3), clock);
  for (int round = 0; round < 5; ++round) {
    Call(breaker, false);
    Call(breaker, false);
    Call(breaker, true);
  }
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
}

TEST(CircuitBreakerTest, OpenFailsFastWithUnavailableAndRetryAfter) {
  FakeClock clock;
  CircuitBreaker breaker(Options(2, absl::Seconds(5)), clock);
  Call(breaker, false);
  Call(breaker, false);
  clock.Advance(absl::Milliseconds(800));

  absl::StatusOr<Ticket> ticket = breaker.Allow();
  ASSERT_THAT(ticket, Not(IsOk()));
  EXPECT_THAT(ticket, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(ticket.status().message(),
            "circuit open for mkto-prod: 2 consecutive upstream failures; next probe in 4.2s");
  EXPECT_EQ(RetryAfter(ticket.status()), absl::Milliseconds(4200));
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, HalfOpenAfterOpenDurationAdmitsExactlyTheProbeCount) {
  FakeClock clock;
  TransitionLog log;
  CircuitBreaker breaker(Options(1, absl::Seconds(5), /*probes=*/2), clock, log.Callback());
  Call(breaker, false);
  clock.Advance(absl::Seconds(5) - absl::Nanoseconds(1));
  EXPECT_THAT(breaker.Allow(), Not(IsOk()));
  clock.Advance(absl::Nanoseconds(1));

  absl::StatusOr<Ticket> first = breaker.Allow();
  absl::StatusOr<Ticket> second = breaker.Allow();
  absl::StatusOr<Ticket> third = breaker.Allow();
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(first->is_probe());
  EXPECT_TRUE(second->is_probe());
  ASSERT_THAT(third, Not(IsOk()));
  EXPECT_THAT(third, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(third.status().message(),
            "circuit open for mkto-prod: 1 consecutive upstream failures; a probe is in flight");
  EXPECT_EQ(RetryAfter(third.status()), absl::Seconds(1));
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
  EXPECT_EQ(log.states, (std::vector<BreakerState>{BreakerState::kOpen, BreakerState::kHalfOpen}));
}

TEST(CircuitBreakerTest, ProbeSuccessCloses) {
  FakeClock clock;
  TransitionLog log;
  CircuitBreaker breaker(Options(2), clock, log.Callback());
  Call(breaker, false);
  Call(breaker, false);
  clock.Advance(absl::Seconds(5));
  absl::StatusOr<Ticket> probe = breaker.Allow();
  ASSERT_THAT(probe, IsOk());
  breaker.Record(std::move(*probe), true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  absl::StatusOr<Ticket> next = breaker.Allow();
  ASSERT_THAT(next, IsOk());
  EXPECT_FALSE(next->is_probe());
  EXPECT_EQ(log.states, (std::vector<BreakerState>{BreakerState::kOpen, BreakerState::kHalfOpen,
                                                   BreakerState::kClosed}));
}

TEST(CircuitBreakerTest, ProbeFailureReopensForOpenDuration) {
  FakeClock clock;
  TransitionLog log;
  CircuitBreaker breaker(Options(2, absl::Seconds(5)), clock, log.Callback());
  Call(breaker, false);
  Call(breaker, false);
  clock.Advance(absl::Seconds(7));
  absl::StatusOr<Ticket> probe = breaker.Allow();
  ASSERT_THAT(probe, IsOk());
  clock.Advance(absl::Seconds(1));  // the probe took a second
  breaker.Record(std::move(*probe), false);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);

  absl::StatusOr<Ticket> rejected = breaker.Allow();
  ASSERT_THAT(rejected, Not(IsOk()));
  EXPECT_EQ(rejected.status().message(),
            "circuit open for mkto-prod: 3 consecutive upstream failures; next probe in 5.0s");
  EXPECT_EQ(RetryAfter(rejected.status()), absl::Seconds(5));
  clock.Advance(absl::Seconds(5));
  EXPECT_THAT(breaker.Allow(), IsOk());
  EXPECT_EQ(log.states, (std::vector<BreakerState>{BreakerState::kOpen, BreakerState::kHalfOpen,
                                                   BreakerState::kOpen, BreakerState::kHalfOpen}));
}

TEST(CircuitBreakerTest, DroppedProbeFreesItsSlotWithoutChangingState) {
  FakeClock clock;
  CircuitBreaker breaker(Options(1), clock);
  Call(breaker, false);
  clock.Advance(absl::Seconds(5));
  {
    absl::StatusOr<Ticket> probe = breaker.Allow();
    ASSERT_THAT(probe, IsOk());
    EXPECT_THAT(breaker.Allow(), Not(IsOk()));  // the only slot is taken
  }                                      // dropped unrecorded
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
  absl::StatusOr<Ticket> again = breaker.Allow();
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->is_probe());

  *again = std::move(*again);  // self-move keeps the slot
  EXPECT_THAT(breaker.Allow(), Not(IsOk()));

  // Move-assigning another ticket over a live probe drops the probe.
  CircuitBreaker other(Options(), clock);
  absl::StatusOr<Ticket> unrelated = other.Allow();
  ASSERT_THAT(unrelated, IsOk());
  *again = std::move(*unrelated);
  EXPECT_THAT(breaker.Allow(), IsOk());
}

TEST(CircuitBreakerTest, MovedTicketRecordsOnce) {
  FakeClock clock;
  CircuitBreaker breaker(Options(1), clock);
  Call(breaker, false);
  clock.Advance(absl::Seconds(5));
  absl::StatusOr<Ticket> probe = breaker.Allow();
  ASSERT_THAT(probe, IsOk());
  Ticket moved = std::move(*probe);
  probe = absl::UnavailableError("gone");  // destroys the moved-from ticket: no release
  EXPECT_THAT(breaker.Allow(), Not(IsOk()));  // slot still held by `moved`
  breaker.Record(std::move(moved), true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
}

TEST(CircuitBreakerTest, StaleOutcomesAreIgnored) {
  FakeClock clock;
  CircuitBreaker breaker(Options(2), clock);
  // A slow call started while closed...
  absl::StatusOr<Ticket> slow = breaker.Allow();
  ASSERT_THAT(slow, IsOk());
  Call(breaker, false);
  Call(breaker, false);  // ...the breaker opens meanwhile...
  ASSERT_EQ(breaker.state(), BreakerState::kOpen);
  breaker.Record(std::move(*slow), true);  // ...and its late success does not close it.
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  EXPECT_EQ(breaker.consecutive_failures(), 2);
}

TEST(CircuitBreakerTest, TicketOfAnotherBreakerIsTreatedAsDropped) {
  FakeClock clock;
  CircuitBreaker a(Options(1), clock);
  CircuitBreaker b(Options(1), clock);
  absl::StatusOr<Ticket> ticket = a.Allow();
  ASSERT_THAT(ticket, IsOk());
  b.Record(std::move(*ticket), false);
  EXPECT_EQ(a.state(), BreakerState::kClosed);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(CircuitBreakerTest, DegenerateOptionsAreNormalised) {
  FakeClock clock;
  CircuitBreaker breaker(Options(/*threshold=*/0, -absl::Seconds(1), /*probes=*/0), clock);
  Call(breaker, false);  // threshold 0 counts as 1
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  absl::StatusOr<Ticket> probe = breaker.Allow();  // negative open time counts as 0
  ASSERT_THAT(probe, IsOk());
  EXPECT_THAT(breaker.Allow(), Not(IsOk()));  // probes 0 counts as 1
}

TEST(CircuitBreakerTest, ConcurrentStressKeepsInvariants) {
  FakeClock clock;
  TransitionLog log;
  constexpr int kProbes = 2;
  CircuitBreaker breaker(Options(3, absl::Milliseconds(10), kProbes), clock, log.Callback());
  // Probes held at once, per generation: a state change frees the slots of older probes
  // (their outcomes are ignored), so only probes of one generation compete for slots.
  std::mutex probes_mu;
  std::map<uint64_t, int> probes_held;  // generation -> held now; guarded by probes_mu
  int max_probes_held = 0;              // guarded by probes_mu
  std::atomic<int> allowed{0};
  std::atomic<int> rejected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4000; ++i) {
        if (i % 16 == 0) clock.Advance(absl::Milliseconds(1));
        absl::StatusOr<Ticket> ticket = breaker.Allow();
        if (!ticket.ok()) {
          rejected.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        allowed.fetch_add(1, std::memory_order_relaxed);
        const bool probe = ticket->is_probe();
        const uint64_t generation = ticket->generation();
        if (probe) {
          std::lock_guard<std::mutex> lock(probes_mu);
          max_probes_held = std::max(max_probes_held, ++probes_held[generation]);
        }
        // Mostly failures so the breaker cycles through every state; some tickets dropped.
        int outcome = (i * 7 + t) % 10;
        if (probe) {  // before the slot can be reused
          std::lock_guard<std::mutex> lock(probes_mu);
          --probes_held[generation];
        }
        if (outcome < 7) {
          breaker.Record(std::move(*ticket), false);
        } else if (outcome < 9) {
          breaker.Record(std::move(*ticket), true);
        }  // else dropped
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_LE(max_probes_held, kProbes);
  EXPECT_GT(allowed.load(), 0);
  EXPECT_GT(rejected.load(), 0);
  // Every transition follows the state machine, starting from closed.
  BreakerState from = BreakerState::kClosed;
  int opens = 0;
  for (BreakerState to : log.states) {
    switch (from) {
      case BreakerState::kClosed:
        EXPECT_EQ(to, BreakerState::kOpen);
        break;
      case BreakerState::kOpen:
        EXPECT_EQ(to, BreakerState::kHalfOpen);
        break;
      case BreakerState::kHalfOpen:
        EXPECT_NE(to, BreakerState::kHalfOpen);
        break;
    }
    if (to == BreakerState::kOpen) ++opens;
    from = to;
  }
  EXPECT_GT(opens, 1);
  EXPECT_EQ(from, breaker.state());
}

TEST(CircuitBreakerTest, RejectingWhileOpenIsCheap) {
  BreakerOptions options = Options(1, absl::Hours(1));
  CircuitBreaker breaker(options, RealClock());
  Call(breaker, false);
  ASSERT_EQ(breaker.state(), BreakerState::kOpen);
  constexpr int kCalls = 100000;
  int rejected = 0;
  absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) rejected += breaker.Allow().ok() ? 0 : 1;
  absl::Duration average = (absl::Now() - start) / kCalls;
  std::printf("Allow() on an open breaker: %.3f us per call\n",
              absl::ToDoubleMicroseconds(average));
  EXPECT_EQ(rejected, kCalls);
  // Generous (the target is well under 1 us in an optimised build) so CI noise cannot fail it.
  EXPECT_LT(average, absl::Microseconds(20) * kSlowdown);
}

TEST(CircuitBreakerTest, AllowingWhileClosedIsCheap) {
  CircuitBreaker breaker(Options(), RealClock());
  constexpr int kCalls = 100000;
  absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) {
    absl::StatusOr<Ticket> ticket = breaker.Allow();
    breaker.Record(std::move(*ticket), true);
  }
  absl::Duration average = (absl::Now() - start) / kCalls;
  std::printf("Allow()+Record() on a closed breaker: %.3f us per call\n",
              absl::ToDoubleMicroseconds(average));
  EXPECT_LT(average, absl::Microseconds(20) * kSlowdown);
}

}  // namespace
}  // namespace leadgw::upstream::breaker
