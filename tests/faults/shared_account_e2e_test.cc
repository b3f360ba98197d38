// A Marketo account shared with other integrations: the upstream allows this gateway a
// fifth of its configured limit (4 calls per 2 s window against 20 configured), and the
// only sign of it is the 606 answers. Offered 3x the real rate for 5 windows, the gateway
// must learn its share (the gate's learnt window limit), wait out the upstream's window
// after each 606, and answer every caller with a success or, at once, RESOURCE_EXHAUSTED
// with RetryInfo: no caller sees the 606 itself and none waits out its deadline.
#include <algorithm>
#include <map>
#include <memory>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;

// What the upstream really allows this gateway, and what the gateway is configured with.
constexpr int kRealWindowCalls = 4;
constexpr absl::Duration kWindow = absl::Seconds(2);
constexpr int kConfiguredWindowCalls = 5 * kRealWindowCalls;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "shared", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s", "maxConcurrent": 10}}
  ]
})json";

// The same, as a fleet of three replicas sharing one Redis: the share is learnt together.
constexpr char kFleetConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 3,
                              "keyPrefix": "shared-account-e2e"}},
  "connections": [
    {"name": "shared", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s", "maxConcurrent": 10}}
  ]
})json";

constexpr char kFirstDemoLead[] = "318581";  // Marketo demo data

// 30 clients, each sending one call every 5 s, staggered evenly: 6 calls/s against the
// 2 calls/s the upstream really allows, for 10 s (5 windows). Each RPC's deadline is 5 s
// (2.5 windows), so a client is never late for its next call.
constexpr int kClients = 30;
constexpr absl::Duration kPeriod = absl::Seconds(5);
constexpr int kRounds = 2;
constexpr absl::Duration kDeadline = absl::Seconds(5);

struct CallRecord {
  absl::Duration started;  // since the load began
  absl::Duration took;
  grpc::StatusCode code;
  std::string message;
  bool has_retry_info;
};

// Offers the load to `replicas` gateways (a fleet sharing a Redis when more than one) and
// checks what every caller saw.
void ExpectItLearnsItsShare(int replicas) {
  mkto::MarketoEmulatorOptions upstream_options;
  upstream_options.rate_limit_calls = kRealWindowCalls;
  upstream_options.rate_window = kWindow;
  upstream_options.max_concurrent = 0;
  auto upstream = StartMarketo(upstream_options);
  ASSERT_NE(upstream, nullptr);
  emulators::common::FaultConfig latency;
  latency.latency = absl::Milliseconds(20);
  ASSERT_THAT(upstream->faults().Set(latency), IsOk());
  std::unique_ptr<RedisServer> redis;
  std::map<std::string, std::string> values = {{"MKTO_URL", upstream->base_url()}};
  if (replicas > 1) {
    auto started = RedisServer::Start();
    ASSERT_THAT(started, IsOk());
    redis = *std::move(started);
    values["REDIS_ADDRESS"] = absl::StrCat("127.0.0.1:", redis->port());
  }
  std::vector<std::unique_ptr<GatewayProcess>> gateways;
  std::vector<std::unique_ptr<v1::LeadService::Stub>> stubs;
  for (int i = 0; i < replicas; ++i) {
    auto gateway = StartGateway(replicas > 1 ? kFleetConfig : kConfig, values);
    ASSERT_THAT(gateway, IsOk());
    stubs.push_back(v1::LeadService::NewStub((*gateway)->NewChannel()));
    gateways.push_back(*std::move(gateway));
  }

  std::mutex mu;
  std::vector<CallRecord> records;
  const absl::Time start = absl::Now() + absl::Milliseconds(50);
  RunOnThreads(kClients, [&](int client) {
    const absl::Duration offset = client * (kPeriod / kClients);
    for (int round = 0; round < kRounds; ++round) {
      absl::SleepFor(start + offset + round * kPeriod - absl::Now());
      const absl::Time sent = absl::Now();
      auto context = ContextWithTimeout(kDeadline);
      v1::GetLeadRequest request;
      request.set_connection("shared");
      request.set_id(kFirstDemoLead);
      v1::Lead lead;
      const grpc::Status status =
          stubs[client % stubs.size()]->GetLead(context.get(), request, &lead);
      CallRecord record{sent - start, absl::Now() - sent, status.error_code(),
                        status.error_message(), RetryDelayOf(status).has_value()};
      std::lock_guard<std::mutex> lock(mu);
      records.push_back(std::move(record));
    }
  });

  int ok = 0;
  int refused = 0;
  int refused_without_retry_info = 0;
  int limit_answers_seen = 0;  // callers shown the upstream's 606 after the first window
  int limit_answers_in_first_window = 0;
  std::vector<std::string> unexpected;
  absl::Duration latest_refusal = absl::ZeroDuration();  // of a refusal, since its send
  int late_refusals = 0;  // refused after waiting more than half a window
  for (const CallRecord& record : records) {
    // The upstream's own answer, as UpstreamError words it; a bare "606" would also match
    // a retry-after hint such as "next slot in 1.606s".
    const bool shows_limit_answer = absl::StrContains(record.message, "marketo 606:");
    if (shows_limit_answer) {
      (record.started < kWindow ? limit_answers_in_first_window : limit_answers_seen)++;
      std::cout << "caller " << record.started << " after the start was shown: "
                << record.message << std::endl;
    }
    if (record.code == grpc::StatusCode::OK) {
      ++ok;
    } else if (record.code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refused;
      if (!record.has_retry_info) ++refused_without_retry_info;
      latest_refusal = std::max(latest_refusal, record.took);
      if (record.took > kWindow / 2) ++late_refusals;
    } else if (unexpected.size() < 5) {
      unexpected.push_back(absl::StrCat(record.code, ": ", record.message, " (sent ",
                                        absl::FormatDuration(record.started),
                                        " after the start, answered after ",
                                        absl::FormatDuration(record.took), ")"));
    }
  }
  const auto& counters = upstream->counters();
  // The lowest learnt limit among the replicas (in a fleet, the one that saw the 606s).
  double learnt_limit = kConfiguredWindowCalls;
  double retries = 0;
  for (const auto& gateway : gateways) {
    absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway->metrics_port());
    ASSERT_THAT(metrics, IsOk());
    learnt_limit = std::min(
        learnt_limit, SumMetric(*metrics, "leadgw_quota_window_limit", {{"connection", "shared"}}));
    retries += SumMetric(*metrics, "leadgw_upstream_retries_total", {{"connection", "shared"}});
  }
  // The upstream's window allows this many successes over the whole run (load + deadline).
  const int real_allowed =
      kRealWindowCalls *
      (static_cast<int>(((kRounds - 1) * kPeriod + kPeriod + kDeadline) / kWindow) + 1);
  std::cout << "[shared account, " << replicas << " replicas] offered=" << records.size() << " ok=" << ok
            << " refused=" << refused << " (latest after " << latest_refusal << ", "
            << late_refusals << " after more than half a window)"
            << " upstream_606=" << counters.OutcomesForCode("606")
            << " shown_606_first_window=" << limit_answers_in_first_window
            << " shown_606_later=" << limit_answers_seen << " learnt_limit=" << learnt_limit
            << " of " << kConfiguredWindowCalls << " real_allowed=" << real_allowed
            << " retries=" << retries << std::endl;

  ASSERT_EQ(records.size(), static_cast<size_t>(kClients * kRounds));
  EXPECT_EQ(limit_answers_seen, 0) << "a caller saw the upstream's 606 after the first window";
  EXPECT_TRUE(unexpected.empty()) << unexpected.front();
  EXPECT_EQ(refused_without_retry_info, 0) << "refusals must carry RetryInfo";
  // Nobody waited out the deadline: a refusal comes before it, not at it (in a fleet too:
  // callers of every replica queue in one order, so each knows at once).
  EXPECT_LT(latest_refusal, kDeadline - absl::Milliseconds(5));
  EXPECT_LT(learnt_limit, kConfiguredWindowCalls) << "the gate did not learn its share";
  EXPECT_GE(learnt_limit, 1);
  // The share is used, not abandoned: at least a third of what the upstream allowed.
  EXPECT_GE(ok * 3, real_allowed) << ok << " successes of " << real_allowed << " allowed";
}

TEST(SharedAccountE2eTest, LearnsItsShareAndNeverShowsCallersTheLimitAnswer) {
  ExpectItLearnsItsShare(1);
}

// A fleet: a 606 on one replica halves the share and pauses every replica (through Redis).
TEST(SharedAccountE2eTest, AFleetLearnsItsShareTogether) { ExpectItLearnsItsShare(3); }

}  // namespace
}  // namespace leadgw::testing::faults
