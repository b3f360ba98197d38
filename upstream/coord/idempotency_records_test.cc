// Against a real redis-server (tests/testing/redis_server.h): two "replicas" with their
// own connections share idempotency records.
#include "upstream/coord/idempotency_records.h"

#include <memory>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"

namespace leadgw::upstream::coord {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using Outcome = IdempotencyRecords::Outcome;

// Generous: the tests must pass on a saturated machine; they never wait this long unless
// they fail.
constexpr absl::Duration kPatience = absl::Seconds(20);

class IdempotencyRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  std::unique_ptr<IdempotencyRecords> Replica(const std::string& id) {
    RedisOptions redis = server_->ClientOptions();
    IdempotencyRecordsOptions options;
    options.replica_id = id;
    options.key_prefix = "test";
    return std::make_unique<IdempotencyRecords>(std::make_shared<RedisClient>(redis), options);
  }

  static absl::Time Far() { return absl::Now() + kPatience; }

  // Begin() of `key`, which must make the caller the owner; its token.
  static std::string Own(IdempotencyRecords& records, absl::string_view key,
                         absl::Time hold_until = Far()) {
    auto begin = records.Begin(key, "fp", Far(), hold_until);
    EXPECT_THAT(begin, IsOk());
    if (!begin.ok()) return "";
    EXPECT_EQ(begin->outcome, Outcome::kOwner);
    return begin->token;
  }

  std::unique_ptr<RedisServer> server_;
};

TEST_F(IdempotencyRecordsTest, OwnerThenReplayThenConflict) {
  auto a = Replica("a");
  auto b = Replica("b");
  auto first = a->Begin("k", "fp1", Far(), Far());
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->outcome, Outcome::kOwner);
  EXPECT_EQ(first->token.rfind("a:", 0), 0u) << first->token;
  const std::string result("answer\0with a NUL", 17);
  ASSERT_THAT(a->Complete("k", first->token, "fp1", result, absl::Minutes(1)), IsOk());

  auto replay = b->Begin("k", "fp1", Far(), Far());
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->result, result);

  auto conflict = b->Begin("k", "fp2", Far(), Far());
  ASSERT_THAT(conflict, IsOk());
  EXPECT_EQ(conflict->outcome, Outcome::kConflict);

  auto other_key = b->Begin("other", "fp1", Far(), Far());
  ASSERT_THAT(other_key, IsOk());
  EXPECT_EQ(other_key->outcome, Outcome::kOwner);
}

TEST_F(IdempotencyRecordsTest, WaiterReplaysWhatTheOwnerCompletes) {
  auto a = Replica("a");
  auto b = Replica("b");
  const std::string owner = Own(*a, "k");
  absl::StatusOr<IdempotencyRecords::BeginResult> waited;
  std::thread waiter([&] { waited = b->Begin("k", "fp", Far(), Far()); });
  absl::SleepFor(absl::Milliseconds(100));  // let it find the record running (not required)
  ASSERT_THAT(a->Complete("k", owner, "fp", "done!", absl::Minutes(1)), IsOk());
  waiter.join();
  ASSERT_THAT(waited, IsOk());
  EXPECT_EQ(waited->outcome, Outcome::kReplay);
  EXPECT_EQ(waited->result, "done!");
}

TEST_F(IdempotencyRecordsTest, WaiterBecomesOwnerAfterAbandon) {
  auto a = Replica("a");
  auto b = Replica("b");
  const std::string owner = Own(*a, "k");
  absl::StatusOr<IdempotencyRecords::BeginResult> waited;
  std::thread waiter([&] { waited = b->Begin("k", "fp", Far(), Far()); });
  absl::SleepFor(absl::Milliseconds(100));
  a->Abandon("k", owner);
  waiter.join();
  ASSERT_THAT(waited, IsOk());
  EXPECT_EQ(waited->outcome, Outcome::kOwner);
  EXPECT_NE(waited->token, owner);
}

TEST_F(IdempotencyRecordsTest, DeadlinePassesWhileTheOwnerRuns) {
  auto a = Replica("a");
  auto b = Replica("b");
  Own(*a, "k");
  const absl::Time start = absl::Now();
  EXPECT_THAT(b->Begin("k", "fp", absl::Now() + absl::Milliseconds(100), Far()),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("still running")));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(100));
  // A different fingerprint waits too: whether it conflicts is known only once done.
  EXPECT_THAT(b->Begin("k", "other", absl::Now() + absl::Milliseconds(50), Far()),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(IdempotencyRecordsTest, CrashedOwnersMarkerExpiresAtHoldUntil) {
  auto a = Replica("a");
  auto b = Replica("b");
  Own(*a, "k", absl::Now() + absl::Milliseconds(200));  // then a crashes
  Own(*b, "k");  // waits for the expiry, then owns it
}

TEST_F(IdempotencyRecordsTest, CompleteAfterTakeoverChangesNothing) {
  auto a = Replica("a");
  auto b = Replica("b");
  const std::string late = Own(*a, "k", absl::Now() + absl::Milliseconds(100));
  const std::string successor = Own(*b, "k");
  // The late owner finishes after the takeover: neither its result nor its abandon counts.
  ASSERT_THAT(a->Complete("k", late, "fp", "late", absl::Minutes(1)), IsOk());
  a->Abandon("k", late);
  EXPECT_THAT(a->Begin("k", "fp", absl::Now() + absl::Milliseconds(50), Far()),
              StatusIs(absl::StatusCode::kDeadlineExceeded));  // still the successor's
  ASSERT_THAT(b->Complete("k", successor, "fp", "successor", absl::Minutes(1)), IsOk());
  auto replay = a->Begin("k", "fp", Far(), Far());
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->result, "successor");
}

TEST_F(IdempotencyRecordsTest, CompleteOfAnExpiredUntakenMarkerStillStores) {
  auto a = Replica("a");
  const std::string owner = Own(*a, "k", absl::Now() + absl::Milliseconds(50));
  absl::SleepFor(absl::Milliseconds(150));
  ASSERT_THAT(a->Complete("k", owner, "fp", "stored", absl::Minutes(1)), IsOk());
  auto replay = Replica("b")->Begin("k", "fp", Far(), Far());
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->result, "stored");
}

TEST_F(IdempotencyRecordsTest, ResultExpiresAfterTtl) {
  auto a = Replica("a");
  ASSERT_THAT(a->Complete("k", Own(*a, "k"), "fp", "r", absl::Milliseconds(50)), IsOk());
  absl::SleepFor(absl::Milliseconds(150));
  Own(*a, "k");
}

TEST_F(IdempotencyRecordsTest, RedisDownIsUnavailable) {
  auto a = Replica("a");
  server_->Kill();
  EXPECT_THAT(a->Begin("k", "fp", Far(), Far()), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(a->Complete("k", "a:0", "fp", "r", absl::Minutes(1)),
              StatusIs(absl::StatusCode::kUnavailable));
  a->Abandon("k", "a:0");  // ignored
}

}  // namespace
}  // namespace leadgw::upstream::coord
