// Idempotency keys across a fleet: two gateway processes share one Redis and one Marketo
// emulator. A write retried with the same idempotency-key on the other replica must not
// reach the upstream again and must get the first answer: createOnly makes a second write
// visible (the lead then exists, so it would be skipped, not created). The emulator's
// request counter for the upsert endpoint counts the writes.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::google::protobuf::util::MessageDifferencer;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

// The emulator's name of POST /rest/v1/leads.json (every upsert).
constexpr char kUpsertEndpoint[] = "sync_leads";
// Generous: the test must pass on a saturated machine; nothing here measures time.
constexpr absl::Duration kRpcTimeout = absl::Seconds(60);

constexpr char kFleetConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 2,
                              "keyPrefix": "idem-e2e"}},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s", "maxConcurrent": 0}}
  ]
})json";

class FleetIdempotencyE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = RedisServer::Start();
    ASSERT_THAT(redis, IsOk());
    redis_ = *std::move(redis);
    mkto::MarketoEmulatorOptions options;
    options.rate_limit_calls = 0;
    options.max_concurrent = 0;
    marketo_ = StartMarketo(options);
    ASSERT_NE(marketo_, nullptr);
    const std::map<std::string, std::string> urls = {
        {"MKTO_URL", marketo_->base_url()},
        {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", redis_->port())}};
    for (int i = 0; i < 2; ++i) {
      auto gateway = StartGateway(kFleetConfig, urls);
      ASSERT_THAT(gateway, IsOk());
      replicas_.push_back(v1::LeadService::NewStub((*gateway)->NewChannel()));
      gateways_.push_back(*std::move(gateway));
    }
  }

  static v1::UpsertLeadsRequest CreateOnly(const std::string& email) {
    v1::UpsertLeadsRequest request;
    request.set_connection("mkto");
    request.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
    v1::Lead* lead = request.add_leads();
    lead->set_email(email);
    lead->set_last_name("Idem");
    return request;
  }

  // UpsertLeads on replica `replica` (0: A, 1: B), with `key` unless empty.
  grpc::Status Upsert(int replica, const v1::UpsertLeadsRequest& request, const std::string& key,
                      v1::WriteResponse* response) {
    auto context = ContextWithTimeout(kRpcTimeout);
    if (!key.empty()) context->AddMetadata("idempotency-key", key);
    return replicas_[replica]->UpsertLeads(context.get(), request, response);
  }

  int64_t UpstreamWrites() { return marketo_->counters().Requests(kUpsertEndpoint); }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<mkto::MarketoEmulator> marketo_;
  std::vector<std::unique_ptr<GatewayProcess>> gateways_;
  std::vector<std::unique_ptr<v1::LeadService::Stub>> replicas_;
};

TEST_F(FleetIdempotencyE2eTest, RetryOnAnotherReplicaReplaysTheFirstAnswer) {
  const std::string email = "fleet-idem-retry@idem.example.com";
  const int64_t writes_before = UpstreamWrites();
  v1::WriteResponse on_a, on_b;
  grpc::Status status = Upsert(0, CreateOnly(email), "fleet-key-retry", &on_a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(on_a.results_size(), 1);
  EXPECT_EQ(on_a.results(0).status(), v1::RECORD_STATUS_CREATED) << on_a.ShortDebugString();
  EXPECT_FALSE(on_a.results(0).id().empty());

  status = Upsert(1, CreateOnly(email), "fleet-key-retry", &on_b);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(on_a, on_b))
      << on_a.ShortDebugString() << " vs " << on_b.ShortDebugString();
  EXPECT_EQ(UpstreamWrites() - writes_before, 1) << "the retry on B wrote again";
  EXPECT_EQ(marketo_->CountLeadsWithField("email", email), 1u);

  // The probe works: the same request without a key does reach the upstream, and
  // createOnly no longer creates (the answer would differ).
  v1::WriteResponse unkeyed;
  status = Upsert(1, CreateOnly(email), "", &unkeyed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(UpstreamWrites() - writes_before, 2);
  ASSERT_EQ(unkeyed.results_size(), 1);
  EXPECT_NE(unkeyed.results(0).status(), v1::RECORD_STATUS_CREATED);
}

TEST_F(FleetIdempotencyE2eTest, SameKeyWithAnotherRequestOnAnotherReplicaIsRejected) {
  const std::string email = "fleet-idem-conflict@idem.example.com";
  v1::WriteResponse first;
  grpc::Status status = Upsert(0, CreateOnly(email), "fleet-key-conflict", &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const int64_t writes_before = UpstreamWrites();

  v1::WriteResponse other;
  status = Upsert(1, CreateOnly("fleet-idem-other@idem.example.com"), "fleet-key-conflict",
                  &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("idempotency-key"));
  EXPECT_EQ(UpstreamWrites(), writes_before);
  EXPECT_EQ(marketo_->CountLeadsWithField("email", "fleet-idem-other@idem.example.com"), 0u);
}

TEST_F(FleetIdempotencyE2eTest, ConcurrentSameKeyOnBothReplicasWritesOnce) {
  const std::string email = "fleet-idem-concurrent@idem.example.com";
  // Upstream latency keeps the first write in flight while the other replica begins the
  // key. Whichever replica wins, the other waits for it or replays it: no timing is
  // asserted, only the outcome.
  emulators::common::FaultConfig slow;
  slow.latency = absl::Milliseconds(300);
  ASSERT_THAT(marketo_->faults().Set(slow), IsOk());
  const int64_t writes_before = UpstreamWrites();
  v1::WriteResponse responses[2];
  grpc::Status statuses[2];
  RunOnThreads(2, [&](int replica) {
    statuses[replica] =
        Upsert(replica, CreateOnly(email), "fleet-key-concurrent", &responses[replica]);
  });
  ASSERT_THAT(marketo_->faults().Set({}), IsOk());
  ASSERT_TRUE(statuses[0].ok()) << statuses[0].error_message();
  ASSERT_TRUE(statuses[1].ok()) << statuses[1].error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(responses[0], responses[1]))
      << responses[0].ShortDebugString() << " vs " << responses[1].ShortDebugString();
  ASSERT_EQ(responses[0].results_size(), 1);
  EXPECT_EQ(responses[0].results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(UpstreamWrites() - writes_before, 1) << "two replicas wrote one idempotency key";
  EXPECT_EQ(marketo_->CountLeadsWithField("email", email), 1u);
}

}  // namespace
}  // namespace leadgw::testing::faults
