// CapacityGate in a fleet: two gates (two replicas) share one connection's window through
// a real redis-server; then Redis dies and each keeps to its share. Real clock; windows of
// a second or less keep it short, and every time bound is a lower bound or generous.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
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
    coord::RedisOptions redis;
    redis.port = server_->port();
    redis.connect_timeout = absl::Seconds(2);
    redis.command_timeout = absl::Seconds(2);
    coord::SharedWindowOptions shared;
    shared.connection = "conn";
    shared.span = window + DefaultSafetyMargin(window);
    shared.lease = absl::Seconds(30);
    shared.replica_id = id;
    GateOptions options;
    options.calls_per_window = calls;
    options.window = window;
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

}  // namespace
}  // namespace leadgw::upstream::quota
