// Two guards ("replicas") sharing a real redis-server (tests/testing/redis_server.h), and
// one without a fleet.
#include "service/idempotency/replay_guard.h"

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/idempotency/request_digest.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"

namespace leadgw::service::idempotency {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using upstream::coord::IdempotencyRecords;
using upstream::coord::IdempotencyRecordsOptions;
using upstream::coord::RedisClient;
using upstream::coord::RedisOptions;
using Outcome = ReplayGuard::Outcome;

constexpr absl::Duration kMargin = absl::Seconds(30);

absl::Time Far() { return absl::Now() + absl::Seconds(20); }

StoredResult Answer(absl::Status status, std::string response) {
  StoredResult result;
  result.status = std::move(status);
  result.response_bytes = std::move(response);
  return result;
}

class ReplayGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  std::shared_ptr<RedisClient> Redis() {
    RedisOptions redis = server_->ClientOptions();
    return std::make_shared<RedisClient>(redis);
  }

  std::unique_ptr<ReplayGuard> Replica(const std::string& id) {
    IdempotencyRecordsOptions options;
    options.replica_id = id;
    return std::make_unique<ReplayGuard>(
        CacheOptions{}, std::make_unique<IdempotencyRecords>(Redis(), options));
  }

  std::unique_ptr<RedisServer> server_;
};

// Begin() of key "k" in scope "s".
absl::StatusOr<ReplayGuard::BeginResult> BeginK(ReplayGuard& guard,
                                                absl::string_view request = "request") {
  return guard.Begin("s", "k", request, Far(), kMargin);
}

// BeginK(), which must make the caller the owner; its ticket.
ReplayGuard::Ticket OwnK(ReplayGuard& guard) {
  auto begin = BeginK(guard);
  EXPECT_THAT(begin, IsOk());
  if (!begin.ok()) return ReplayGuard::Ticket();
  EXPECT_EQ(begin->outcome, Outcome::kOwner);
  return std::move(begin->ticket);
}

TEST_F(ReplayGuardTest, WithoutAFleetActsAsTheLocalCache) {
  ReplayGuard guard(CacheOptions{}, nullptr);
  auto owner = guard.Begin("Upsert/mkto", "k", "request", Far(), kMargin);
  ASSERT_THAT(owner, IsOk());
  ASSERT_EQ(owner->outcome, Outcome::kOwner);
  guard.Complete(std::move(owner->ticket), Answer(absl::OkStatus(), "response"));
  auto replay = guard.Begin("Upsert/mkto", "k", "request", Far(), kMargin);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->stored.response_bytes, "response");
  auto conflict = guard.Begin("Upsert/mkto", "k", "other request", Far(), kMargin);
  ASSERT_THAT(conflict, IsOk());
  EXPECT_EQ(conflict->outcome, Outcome::kConflict);
  EXPECT_EQ(guard.fleet_bypassed(), 0);
}

TEST_F(ReplayGuardTest, AnotherReplicaReplaysTheResultWithItsStatus) {
  auto a = Replica("a");
  auto b = Replica("b");
  auto owner = a->Begin("Upsert/mkto", "k", "request", Far(), kMargin);
  ASSERT_THAT(owner, IsOk());
  ASSERT_EQ(owner->outcome, Outcome::kOwner);
  absl::Status refused = absl::FailedPreconditionError("refused");
  refused.SetPayload("leadgw.upstream_code", absl::Cord("1003"));
  a->Complete(std::move(owner->ticket), Answer(refused, ""));

  auto replay = b->Begin("Upsert/mkto", "k", "request", Far(), kMargin);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->stored.status, refused);
  // Kept locally too: the next retry on b needs no Redis.
  server_->Kill();
  auto again = b->Begin("Upsert/mkto", "k", "request", Far(), kMargin);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->outcome, Outcome::kReplay);
  EXPECT_EQ(b->fleet_bypassed(), 0);

  auto scoped = b->Begin("Upsert/other", "k", "request", Far(), kMargin);  // other scope
  ASSERT_THAT(scoped, IsOk());
  EXPECT_EQ(scoped->outcome, Outcome::kOwner);
}

TEST_F(ReplayGuardTest, AnotherReplicaWaitsForTheRunningOwner) {
  auto a = Replica("a");
  auto b = Replica("b");
  ReplayGuard::Ticket owner = OwnK(*a);
  absl::StatusOr<ReplayGuard::BeginResult> first;
  absl::StatusOr<ReplayGuard::BeginResult> second;
  // Two duplicates on b: one waits in Redis, the other in b's own cache.
  std::thread t1([&] { first = BeginK(*b); });
  std::thread t2([&] { second = BeginK(*b); });
  absl::SleepFor(absl::Milliseconds(100));
  a->Complete(std::move(owner), Answer(absl::OkStatus(), "once"));
  t1.join();
  t2.join();
  for (const auto* waited : {&first, &second}) {
    ASSERT_THAT(*waited, IsOk());
    EXPECT_EQ((*waited)->outcome, Outcome::kReplay);
    EXPECT_EQ((*waited)->stored.response_bytes, "once");
  }
}

TEST_F(ReplayGuardTest, ADifferentRequestOnAnotherReplicaConflicts) {
  auto a = Replica("a");
  auto b = Replica("b");
  a->Complete(OwnK(*a), Answer(absl::OkStatus(), "r"));
  auto conflict = BeginK(*b, "changed request");
  ASSERT_THAT(conflict, IsOk());
  EXPECT_EQ(conflict->outcome, Outcome::kConflict);
}

TEST_F(ReplayGuardTest, AbandonLetsTheNextAttemptRunAnywhere) {
  auto a = Replica("a");
  auto b = Replica("b");
  a->Abandon(OwnK(*a));
  ReplayGuard::Ticket next = OwnK(*b);
  // A ticket dropped without Complete() abandons too.
  next = ReplayGuard::Ticket();
  OwnK(*a);
}

TEST_F(ReplayGuardTest, RedisDownFailsOpenToTheLocalCache) {
  auto a = Replica("a");
  server_->Kill();
  auto owner = a->Begin("s", "k", "request", Far(), kMargin);
  ASSERT_THAT(owner, IsOk());
  ASSERT_EQ(owner->outcome, Outcome::kOwner);
  EXPECT_EQ(a->fleet_bypassed(), 1);
  a->Complete(std::move(owner->ticket), Answer(absl::OkStatus(), "local"));
  auto replay = a->Begin("s", "k", "request", Far(), kMargin);  // the local cache answers
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->stored.response_bytes, "local");

  ASSERT_THAT(server_->Restart(), IsOk());
  // The client reconnects at most once per interval: the first calls may still bypass.
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  std::string key;
  for (int attempt = 0; absl::Now() < give_up; ++attempt) {
    const int64_t bypassed = a->fleet_bypassed();
    key = absl::StrCat("new-", attempt);
    auto back = a->Begin("s", key, "request", Far(), kMargin);
    ASSERT_THAT(back, IsOk());
    ASSERT_EQ(back->outcome, Outcome::kOwner);
    back->ticket = ReplayGuard::Ticket();  // keeps nothing in this process
    if (a->fleet_bypassed() == bypassed) {
      key.clear();
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(key.empty()) << "Redis was not used again after its restart";
}

TEST_F(ReplayGuardTest, AnUnreadableFleetResultIsDataLoss) {
  auto a = Replica("a");
  a->Complete(OwnK(*a), Answer(absl::OkStatus(), "r"));
  // A newer replica's record format, as seen by this build.
  std::string redis_key = absl::StrCat("leadgw:idem:", absl::BytesToHexString("1:sk"));
  ASSERT_THAT(Redis()->Command({"HSET", redis_key, "result", "\x7f"}), IsOk());
  auto b = Replica("b");
  EXPECT_THAT(BeginK(*b), StatusIs(absl::StatusCode::kDataLoss));
  // The failed Begin() left no local claim behind.
  ASSERT_THAT(Redis()->Command({"DEL", redis_key}), IsOk());
  OwnK(*b);
}

}  // namespace
}  // namespace leadgw::service::idempotency
