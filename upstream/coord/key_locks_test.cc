// Against a real redis-server (tests/testing/redis_server.h): two "replicas" with their
// own connections lock the same keys.
#include "upstream/coord/key_locks.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"

namespace leadgw::upstream::coord {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

class KeyLocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  std::unique_ptr<KeyLocks> Replica(const std::string& id) {
    RedisOptions redis = server_->ClientOptions();
    KeyLocksOptions options;
    options.replica_id = id;
    return std::make_unique<KeyLocks>(std::make_shared<RedisClient>(redis), options);
  }

  std::unique_ptr<RedisServer> server_;
};

TEST_F(KeyLocksTest, OneHolderAtATimeAcrossReplicas) {
  auto a = Replica("a");
  auto b = Replica("b");
  const absl::Time far = absl::Now() + absl::Seconds(30);
  absl::StatusOr<std::string> held = a->Lock("alice@example.com", far, far);
  ASSERT_THAT(held, IsOk());
  EXPECT_THAT(b->Lock("alice@example.com", absl::Now() + absl::Milliseconds(100), far),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(b->Lock("bob@example.com", far, far), IsOk());  // other keys are free
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    got = b->Lock("alice@example.com", absl::Now() + absl::Seconds(20), far).ok();
  });
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_FALSE(got.load());
  a->Unlock("alice@example.com", *held);
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST_F(KeyLocksTest, AnExpiredHolderCannotReleaseItsSuccessorsLock) {
  auto a = Replica("a");
  auto b = Replica("b");
  const absl::Time far = absl::Now() + absl::Seconds(30);
  absl::StatusOr<std::string> first =
      a->Lock("k", far, absl::Now() + absl::Milliseconds(200));  // a crashed holder's lock
  ASSERT_THAT(first, IsOk());
  absl::StatusOr<std::string> second = b->Lock("k", absl::Now() + absl::Seconds(20), far);
  ASSERT_THAT(second, IsOk());  // after the expiry
  a->Unlock("k", *first);  // too late: b holds it now
  EXPECT_THAT(a->Lock("k", absl::Now() + absl::Milliseconds(100), far),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  b->Unlock("k", *second);
  EXPECT_THAT(a->Lock("k", far, far), IsOk());
}

TEST_F(KeyLocksTest, RedisDownIsUnavailable) {
  auto a = Replica("a");
  server_->Kill();
  const absl::Time far = absl::Now() + absl::Seconds(30);
  EXPECT_THAT(a->Lock("k", far, far), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace leadgw::upstream::coord
