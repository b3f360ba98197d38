#include "service/coordination_config.h"

#include <string>

#include "common/fake_secret_readers.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::service {
namespace {

using ::leadgateway::config::v1::CoordinationConfig;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

absl::StatusOr<upstream::coord::FleetSettings> Read(const std::string& text) {
  CoordinationConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  SecretReaders readers = FakeSecretReaders({{"REDIS_PASSWORD", "redis-secret-5e1"}}, {});
  return ResolveCoordination(true, config, readers);
}

TEST(CoordinationConfigTest, AbsentMeansFleetModeOff) {
  absl::StatusOr<upstream::coord::FleetSettings> fleet =
      ResolveCoordination(false, CoordinationConfig(), FakeSecretReaders({}, {}));
  ASSERT_THAT(fleet, IsOk());
  EXPECT_FALSE(fleet->enabled());
}

TEST(CoordinationConfigTest, ReadsEveryField) {
  absl::StatusOr<upstream::coord::FleetSettings> fleet = Read(R"pb(
    redis_address: "redis.lead-gateway.svc:6380"
    redis_password { env: "REDIS_PASSWORD" }
    key_prefix: "prod"
    replicas: 3
    lease { seconds: 120 }
  )pb");
  ASSERT_THAT(fleet, IsOk());
  EXPECT_TRUE(fleet->enabled());
  EXPECT_EQ(fleet->redis_host, "redis.lead-gateway.svc");
  EXPECT_EQ(fleet->redis_port, 6380);
  EXPECT_EQ(fleet->redis_password.expose(), "redis-secret-5e1");
  EXPECT_EQ(fleet->key_prefix, "prod");
  EXPECT_EQ(fleet->replicas, 3);
  EXPECT_EQ(fleet->lease, absl::Minutes(2));
}

TEST(CoordinationConfigTest, DefaultsThePrefixAndTheLease) {
  absl::StatusOr<upstream::coord::FleetSettings> fleet =
      Read(R"pb(redis_address: "10.0.0.7:6379" replicas: 2)pb");
  ASSERT_THAT(fleet, IsOk());
  EXPECT_EQ(fleet->key_prefix, "leadgw");
  EXPECT_EQ(fleet->lease, absl::Minutes(5));
  EXPECT_TRUE(fleet->redis_password.empty());
}

TEST(CoordinationConfigTest, ErrorsNameTheKey) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{R"pb(replicas: 3)pb", "server.coordination.redis_address: must be host:port"},
           Case{R"pb(redis_address: "redis" replicas: 3)pb", "redis_address: must be host:port"},
           Case{R"pb(redis_address: "redis:0" replicas: 3)pb", "port of 1-65535"},
           Case{R"pb(redis_address: "redis:6379")pb", "server.coordination.replicas: required"},
           Case{R"pb(redis_address: "redis:6379" replicas: 0)pb", "replicas: must be 1-1000"},
           Case{R"pb(redis_address: "redis:6379" replicas: 2 lease { seconds: 7200 })pb",
                "server.coordination.lease: must be at most 1h"},
           Case{R"pb(redis_address: "redis:6379" replicas: 2 redis_password { env: "NOPE" })pb",
                "server.coordination.redis_password.env: environment variable NOPE"},
       }) {
    absl::StatusOr<upstream::coord::FleetSettings> fleet = Read(c.text);
    EXPECT_THAT(fleet, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.text;
    EXPECT_THAT(std::string(fleet.status().message()), Not(HasSubstr("redis-secret-5e1")));
  }
}

}  // namespace
}  // namespace leadgw::service
