#include "service/server_args.h"

#include "gmock/gmock.h"
#include "grpc/grpc.h"
#include "gtest/gtest.h"

namespace leadgw::service {
namespace {

using ::testing::Contains;
using ::testing::Pair;

TEST(ServerChannelArgsTest, RefusesToShareTheGrpcPort) {
  EXPECT_THAT(ServerChannelArgs(ServerSettings{}), Contains(Pair(GRPC_ARG_ALLOW_REUSEPORT, 0)));
}

TEST(ServerChannelArgsTest, AgesConnectionsOutAsConfigured) {
  ServerSettings server;
  server.max_connection_age = absl::Minutes(7);
  server.max_connection_age_grace = absl::Seconds(90);
  const IntChannelArgs args = ServerChannelArgs(server);
  EXPECT_THAT(args, Contains(Pair(GRPC_ARG_MAX_CONNECTION_AGE_MS, 7 * 60 * 1000)));
  EXPECT_THAT(args, Contains(Pair(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 90 * 1000)));
}

TEST(ServerChannelArgsTest, DefaultsAreThirtyMinutesAndFiveOfGrace) {
  const IntChannelArgs args = ServerChannelArgs(ServerSettings{});
  EXPECT_THAT(args, Contains(Pair(GRPC_ARG_MAX_CONNECTION_AGE_MS, 30 * 60 * 1000)));
  EXPECT_THAT(args, Contains(Pair(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 5 * 60 * 1000)));
}

}  // namespace
}  // namespace leadgw::service
