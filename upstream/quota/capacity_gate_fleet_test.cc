// CapacityGate in a fleet: two gates (two replicas) share one connection's window through
// a real redis-server; then Redis dies and each keeps to its share. Real clock; windows of
// a second or less keep it short, and every time bound is a lower bound or generous.
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"
#include "upstream/quota/capacity_gate.h"

namespace leadgw::upstream::quota {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

constexpr http::RequestPriority kBulk = http::RequestPriority::kBulk;

class FleetGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  // A replica's gate: `calls` per `window` for the whole fleet of `replicas`.
  std::unique_ptr<CapacityGate> Replica(const std::string& id, int calls, absl::Duration window,
                                        int replicas = 2) {
    GateOptions options;
    options.calls_per_window = calls;
    options.window = window;
    return Replica(id, options, replicas);
  }

  // A replica's gate with `options` (the fleet's limits) sharing them through Redis.
  std::unique_ptr<CapacityGate> Replica(const std::string& id, GateOptions options,
                                        int replicas) {
    coord::RedisOptions redis = server_->ClientOptions();
    coord::SharedWindowOptions shared;
    shared.connection = "conn";
    shared.span = options.window + DefaultSafetyMargin(options.window);
    shared.lease = absl::Seconds(30);
    shared.replica_id = id;
    shared.day_start_utc_offset = options.day_start_utc_offset;
    options.fleet_window = std::make_shared<coord::SharedWindow>(
        std::make_shared<coord::RedisClient>(redis), shared);
    options.fleet_replicas = replicas;
    return std::make_unique<CapacityGate>(options);
  }

  std::unique_ptr<RedisServer> server_;
};

TEST_F(FleetGateTest, ReplicasShareOneWindow) {
  auto a = Replica("a", 4, absl::Seconds(2));
  auto b = Replica("b", 4, absl::Seconds(2));
  for (int i = 0; i < 3; ++i) ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(1)), IsOk());
  const absl::Time fourth_ended = absl::Now();
  ASSERT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(1)), IsOk());
  EXPECT_EQ(b->Snapshot().window_calls, 1);  // its own log knows only its own call
  // The fleet's window is full: refused at once, told when the oldest call leaves it.
  const absl::Time asked = absl::Now();
  absl::StatusOr<CapacityGate::Permit> refused =
      b->Acquire(kBulk, absl::Now() + absl::Milliseconds(500));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("the window shared by the fleet is in use")));
  EXPECT_LT(absl::Now() - asked, absl::Milliseconds(450));
  // Waiting long enough gets the slot, no sooner than a window after the earlier calls.
  ASSERT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk());
  EXPECT_GE(absl::Now() - fourth_ended, absl::Seconds(2) - absl::Milliseconds(100));
  EXPECT_STREQ(b->Snapshot().fleet, "shared");
}

TEST_F(FleetGateTest, WithRedisDownAReplicaPausesAWindowThenKeepsToItsShare) {
  const absl::Duration window = absl::Milliseconds(500);
  auto a = Replica("a", 4, window, /*replicas=*/2);
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(1)), IsOk());
  server_->Kill();
  const absl::Time lost = absl::Now();
  absl::StatusOr<CapacityGate::Permit> paused =
      a->Acquire(kBulk, absl::Now() + absl::Milliseconds(100));
  EXPECT_THAT(paused, StatusIs(absl::StatusCode::kResourceExhausted,
                               HasSubstr("fleet coordination (Redis) is unreachable")));
  EXPECT_STREQ(a->Snapshot().fleet, "degraded");
  // After the pause: 4 / 2 replicas = 2 calls per window, however many are asked for.
  std::vector<CapacityGate::Permit> permits;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<CapacityGate::Permit> permit = a->Acquire(kBulk, absl::Now() + absl::Seconds(20));
    ASSERT_THAT(permit, IsOk());
    permits.push_back(*std::move(permit));
  }
  EXPECT_GE(absl::Now() - lost, window);
  EXPECT_EQ(a->Snapshot().window_limit, 2);
  EXPECT_THAT(a->Acquire(kBulk, absl::Now() + absl::Milliseconds(100)),
              StatusIs(absl::StatusCode::kResourceExhausted));
  permits.clear();

  // Redis returns: calls go through it again; after one more window, without the cap.
  ASSERT_THAT(server_->Restart(), IsOk());
  absl::SleepFor(absl::Seconds(1) + window);  // past the next probe and the local window
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk());
  EXPECT_STREQ(a->Snapshot().fleet, "recovering");
  absl::SleepFor(2 * window);
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk()) << i;
  }
  EXPECT_STREQ(a->Snapshot().fleet, "shared");
  EXPECT_EQ(a->Snapshot().window_limit, 4);
}

// Callers of every replica queue in one order (tickets in Redis): a caller whose slot
// comes after its deadline is refused at once, and no later caller takes an earlier
// caller's slot.
TEST_F(FleetGateTest, CallersOfAllReplicasQueueInOneOrderAndKnowTheirFateAtOnce) {
  const absl::Duration window = absl::Seconds(1);
  auto a = Replica("a", 2, window);
  auto b = Replica("b", 2, window);
  // The window is full: one call ended now, one 300 ms later.
  absl::StatusOr<CapacityGate::Permit> second = a->Acquire(kBulk, absl::Now() + absl::Seconds(1));
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(1)), IsOk());
  const absl::Time first_ended = absl::Now();
  ASSERT_THAT(second, IsOk());
  std::thread ender([&second] {
    absl::SleepFor(absl::Milliseconds(300));
    second = absl::CancelledError("ended");
  });
  // b's caller takes the first slot to free (a window after the first end).
  absl::Time b_admitted;
  std::thread b_caller([&] {
    EXPECT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk());
    b_admitted = absl::Now();
  });
  absl::SleepFor(absl::Milliseconds(100));  // b's caller has its ticket
  ender.join();
  // a's next caller could only have the second slot (300 ms later): too late for it.
  const absl::Time asked = absl::Now();
  const absl::Time first_slot = first_ended + window + DefaultSafetyMargin(window);
  const absl::Time deadline = first_slot + absl::Milliseconds(150);
  if (deadline - asked > absl::Milliseconds(100)) {  // else this machine is too slow to tell
    EXPECT_THAT(a->Acquire(kBulk, deadline), StatusIs(absl::StatusCode::kResourceExhausted,
                                                      HasSubstr("shared by the fleet")));
    EXPECT_LT(absl::Now(), first_slot) << "refused only when the slot went to b";
  }
  // With time enough, it is served on the second slot.
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk());
  const absl::Time a_admitted = absl::Now();
  b_caller.join();
  EXPECT_GE(b_admitted, first_slot - absl::Milliseconds(50));
  EXPECT_GE(a_admitted, first_slot + absl::Milliseconds(250));
  EXPECT_LE(b_admitted, a_admitted);
}

TEST_F(FleetGateTest, ReplicasShareOneConcurrencyCap) {
  GateOptions options;
  options.calls_per_window = 100;
  options.window = absl::Seconds(20);
  options.max_concurrent = 2;
  auto a = Replica("a", options, 2);
  auto b = Replica("b", options, 2);
  absl::StatusOr<CapacityGate::Permit> first = a->Acquire(kBulk, absl::Now() + absl::Seconds(5));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk());  // ended at once
  absl::StatusOr<CapacityGate::Permit> second = b->Acquire(kBulk, absl::Now() + absl::Seconds(5));
  ASSERT_THAT(second, IsOk());
  // Both slots are held, one by each replica: a third call waits, then gives up.
  EXPECT_THAT(a->Acquire(kBulk, absl::Now() + absl::Milliseconds(200)),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("2 concurrent calls in flight across the fleet")));
  // A slot freed on the other replica lets it through.
  std::thread release([&first] {
    absl::SleepFor(absl::Milliseconds(100));
    first = absl::CancelledError("released");  // destroys the permit: the call ended
  });
  EXPECT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(20)), IsOk());
  release.join();
}

TEST_F(FleetGateTest, ReplicasShareOneDailyBudget) {
  GateOptions options;
  options.calls_per_window = 100;
  options.window = absl::Seconds(20);
  options.daily_quota = 3;
  auto a = Replica("a", options, 2);
  auto b = Replica("b", options, 2);
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk());
  ASSERT_THAT(a->Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk());
  ASSERT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk());
  RejectReason reason = RejectReason::kDeadline;
  EXPECT_THAT(b->Acquire(kBulk, absl::Now() + absl::Seconds(5), &reason),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("daily quota of 3 calls spent across the fleet")));
  EXPECT_EQ(reason, RejectReason::kDailyQuota);
}

// With a fake clock for the gate (Redis keeps its own): what a replica may spend of the
// day while Redis is down, and that those calls join the fleet's count when it is back.
TEST_F(FleetGateTest, WithRedisDownAReplicaSpendsOnlyItsShareOfWhatWasProvablyLeftToday) {
  // 12:00 US Central, so that a few windows never cross midnight.
  testing_util::FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 12, 1, 18, 0, 0),
                                                absl::UTCTimeZone()));
  GateOptions options;
  options.calls_per_window = 20;
  options.window = absl::Seconds(1);
  options.daily_quota = 100;
  options.clock = &clock;
  auto a = Replica("a", options, 2);
  const absl::Duration span = options.window + DefaultSafetyMargin(options.window);
  for (int i = 0; i < 10; ++i) ASSERT_THAT(a->Acquire(kBulk, clock.Now()), IsOk()) << i;
  server_->Kill();
  // The loss costs a span of pause; then, within the same day, a may make its half of
  // 100 - 10 seen - 20 the fleet could have made since it last asked: 35 calls.
  EXPECT_THAT(a->Acquire(kBulk, clock.Now()), StatusIs(absl::StatusCode::kResourceExhausted));
  int spent = 0;
  RejectReason reason = RejectReason::kDeadline;
  for (int windows = 0; windows < 20 && reason != RejectReason::kDailyQuota; ++windows) {
    clock.Advance(span);
    while (a->Acquire(kBulk, clock.Now(), &reason).ok()) ++spent;
  }
  EXPECT_EQ(reason, RejectReason::kDailyQuota);
  EXPECT_EQ(spent, 35);

  // Redis back: the 35 join the fleet's count with the call that brought the news.
  ASSERT_THAT(server_->Restart(), IsOk());
  clock.Advance(absl::Seconds(2));  // past the next probe
  absl::SleepFor(absl::Seconds(1));  // and the client's next reconnection (real time)
  options.clock = &RealClock();
  ASSERT_THAT(Replica("b", options, 2)->Acquire(kBulk, absl::Now() + absl::Seconds(5)), IsOk());
  EXPECT_THAT(a->Acquire(kBulk, clock.Now()), IsOk());
  EXPECT_STREQ(a->Snapshot().fleet, "recovering");
  coord::SharedWindowOptions shared;
  shared.connection = "conn";
  shared.replica_id = "probe";
  coord::FleetLimits limits;
  limits.window_limit = 1000;
  limits.daily_limit = 1000;
  absl::StatusOr<coord::Admission> probe =
      coord::SharedWindow(std::make_shared<coord::RedisClient>(server_->ClientOptions()), shared)
          .TryOpen(limits);
  ASSERT_THAT(probe, IsOk());
  // Redis came back empty; a restored what it knew: the 10 it saw, its 35 alone (b's one
  // call is within them), then its own call and the probe.
  EXPECT_EQ(probe->day_calls, 10 + 35 + 1 + 1);

  // Redis lost again, and a new day begins: with no sighting of it, each replica has half
  // the quota (the day's first calls were all made without Redis).
  server_->Kill();
  clock.Advance(absl::Seconds(2));
  EXPECT_THAT(a->Acquire(kBulk, clock.Now()), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_STREQ(a->Snapshot().fleet, "degraded");
  clock.Advance(absl::Hours(24));
  spent = 0;
  reason = RejectReason::kDeadline;
  for (int windows = 0; windows < 20 && reason != RejectReason::kDailyQuota; ++windows) {
    clock.Advance(span);
    while (a->Acquire(kBulk, clock.Now(), &reason).ok()) ++spent;
  }
  EXPECT_EQ(spent, 50);
}

}  // namespace
}  // namespace leadgw::upstream::quota
