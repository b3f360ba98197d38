// Against a real redis-server on a loopback port (tests/testing/redis_server.h).
#include "upstream/coord/redis_client.h"

#include <memory>
#include <string>
#include <vector>

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
using ::testing::Not;

RedisOptions OptionsFor(const RedisServer& server, const std::string& password = "") {
  RedisOptions options = server.ClientOptions();
  options.password = Secret(password);
  options.reconnect_interval = absl::ZeroDuration();
  return options;
}

TEST(RedisClientTest, RunsCommands) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  RedisClient redis(OptionsFor(**server));
  ASSERT_THAT(redis.Command({"SET", "greeting", "hello"}), IsOk());
  absl::StatusOr<RedisReply> value = redis.Command({"GET", "greeting"});
  ASSERT_THAT(value, IsOk());
  EXPECT_EQ(value->type, RedisReply::Type::kString);
  EXPECT_EQ(value->text, "hello");
  absl::StatusOr<RedisReply> count = redis.Command({"INCRBY", "n", "41"});
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(count->integer, 41);
  EXPECT_EQ(redis.Command({"GET", "missing"})->type, RedisReply::Type::kNil);
}

TEST(RedisClientTest, ErrorRepliesAreInternalWithTheirText) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  RedisClient redis(OptionsFor(**server));
  ASSERT_THAT(redis.Command({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(redis.Command({"INCR", "k"}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("not an integer")));
  // The connection stays usable after an error reply.
  EXPECT_THAT(redis.Command({"GET", "k"}), IsOk());
}

TEST(RedisClientTest, RunsScriptsAndReloadsThemAfterAFlush) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  RedisClient redis(OptionsFor(**server));
  const RedisScript script{"double", "return {KEYS[1], tonumber(ARGV[1]) * 2}"};
  absl::StatusOr<RedisReply> reply = redis.Eval(script, {"key"}, {"21"});
  ASSERT_THAT(reply, IsOk());
  ASSERT_EQ(reply->elements.size(), 2u);
  EXPECT_EQ(reply->elements[0].text, "key");
  EXPECT_EQ(reply->elements[1].integer, 42);
  ASSERT_THAT(redis.Command({"SCRIPT", "FLUSH"}), IsOk());
  reply = redis.Eval(script, {"again"}, {"1"});
  ASSERT_THAT(reply, IsOk());
  EXPECT_EQ(reply->elements[1].integer, 2);
}

TEST(RedisClientTest, PasswordIsSentAndNeverShown) {
  const std::string password = "coord-password-7f3a";
  auto server = RedisServer::Start(password);
  ASSERT_THAT(server, IsOk());
  RedisClient good(OptionsFor(**server, password));
  EXPECT_THAT(good.Command({"PING"}), IsOk());
  RedisClient none(OptionsFor(**server));
  EXPECT_THAT(none.Command({"GET", "k"}), StatusIs(absl::StatusCode::kInternal,
                                                   HasSubstr("NOAUTH")));
  RedisClient wrong(OptionsFor(**server, "not-the-password-91c2"));
  const absl::Status refused = wrong.Command({"PING"}).status();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(std::string(refused.message()), Not(HasSubstr("not-the-password-91c2")));
}

TEST(RedisClientTest, DownIsUnavailableAndRecoversWhenRedisReturns) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  RedisOptions options = OptionsFor(**server);
  std::vector<bool> changes;  // the client's lock serialises the calls
  options.on_reachability_change = [&changes](bool reachable) { changes.push_back(reachable); };
  std::vector<std::string> failed_ops;
  int observed = 0;
  options.on_command = [&](absl::string_view op, absl::Duration took, bool failed) {
    ++observed;
    EXPECT_GE(took, absl::ZeroDuration());
    if (failed) failed_ops.push_back(std::string(op));
  };
  RedisClient redis(options);
  ASSERT_THAT(redis.Command({"PING"}), IsOk());
  EXPECT_TRUE(redis.reachable());
  (*server)->Kill();
  const absl::Time killed = absl::Now();
  const absl::Status down = redis.Command({"PING"}).status();
  EXPECT_THAT(down, StatusIs(absl::StatusCode::kUnavailable,
                             HasSubstr(absl::StrCat("redis 127.0.0.1:", (*server)->port()))));
  EXPECT_THAT(redis.Command({"PING"}), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(redis.reachable());
  EXPECT_GE(redis.unreachable_since(), killed);
  ASSERT_THAT((*server)->Restart(), IsOk());
  EXPECT_THAT(redis.Command({"PING"}), IsOk());
  EXPECT_TRUE(redis.reachable());
  EXPECT_EQ(redis.unreachable_since(), absl::InfinitePast());
  EXPECT_THAT(changes, ::testing::ElementsAre(false, true));
  EXPECT_EQ(observed, 4);
  EXPECT_THAT(failed_ops, ::testing::ElementsAre("ping", "ping"));
}

TEST(RedisClientTest, ReconnectsAtMostOncePerInterval) {
  auto server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  RedisOptions options = OptionsFor(**server);
  options.reconnect_interval = absl::Hours(1);
  (*server)->Kill();
  RedisClient redis(options);
  EXPECT_THAT(redis.Command({"PING"}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot connect")));
  ASSERT_THAT((*server)->Restart(), IsOk());
  // Within the interval no new attempt is made, however many callers ask.
  EXPECT_THAT(redis.Command({"PING"}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("next attempt in")));
}

}  // namespace
}  // namespace leadgw::upstream::coord
