// KeyedSerializer in fleet mode: two serializers (two replicas) hold keys through one real
// redis-server; without Redis a lease holds in its process only.
#include <memory>
#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "backends/common/keyed_serializer.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

std::unique_ptr<KeyedSerializer> Replica(const RedisServer& server, const std::string& id) {
  upstream::coord::RedisOptions redis = server.ClientOptions();
  upstream::coord::KeyLocksOptions options;
  options.replica_id = id;
  return std::make_unique<KeyedSerializer>(
      std::make_shared<upstream::coord::KeyLocks>(
          std::make_shared<upstream::coord::RedisClient>(redis), options),
      absl::Seconds(5));
}

TEST(KeyedSerializerFleetTest, AKeyHasOneHolderAcrossReplicas) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto a = Replica(**server, "a");
  auto b = Replica(**server, "b");
  const std::string key = MakeSerializationKey({"mkto", "email", "alice@example.com"});
  std::optional<KeyedSerializer::Lease> held;
  {
    absl::StatusOr<KeyedSerializer::Lease> lease = a->Acquire(key, absl::Now() + absl::Seconds(10));
    ASSERT_THAT(lease, IsOk());
    held.emplace(*std::move(lease));
  }
  EXPECT_THAT(b->Acquire(key, absl::Now() + absl::Milliseconds(100)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(b->ActiveKeys(), 0u);  // the refused waiter left nothing behind
  held.reset();
  EXPECT_THAT(b->Acquire(key, absl::Now() + absl::Seconds(10)), IsOk());
  EXPECT_EQ(a->fleet_bypassed(), 0);
}

TEST(KeyedSerializerFleetTest, WithoutRedisALeaseHoldsInItsProcessOnly) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto a = Replica(**server, "a");
  (*server)->Kill();
  const std::string key = MakeSerializationKey({"mkto", "email", "bob@example.com"});
  absl::StatusOr<KeyedSerializer::Lease> lease = a->Acquire(key, absl::Now() + absl::Seconds(10));
  ASSERT_THAT(lease, IsOk());
  EXPECT_EQ(a->fleet_bypassed(), 1);
  // Still serialised inside the process.
  EXPECT_THAT(a->Acquire(key, absl::Now() + absl::Milliseconds(50)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

}  // namespace
}  // namespace leadgw::backends::common
