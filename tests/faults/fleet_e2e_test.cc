// Fleet mode end to end: three gateway processes share one Redis and front one Marketo
// emulator whose rolling window equals the configured limit (the account's, not a
// replica's share). Offered 3x the allowed rate spread over the replicas, the fleet must
// earn no rate-limit answer and still use >= 90% of the window. Then Redis dies: the
// replicas fall back to their 1/3 shares, still without a limit answer.
#include <signal.h>

#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

constexpr int kWindowCalls = 20;
constexpr absl::Duration kWindow = absl::Seconds(2);
constexpr int kReplicas = 3;
constexpr char kFirstDemoLead[] = "318581";  // Marketo demo data

// Every replica is configured with the account's limits (window, concurrency), which the
// fleet shares. Coalescing is off: the test counts single calls against the shared window.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 3,
                              "keyPrefix": "fleet-e2e", "lease": "30s"}},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s", "maxConcurrent": 4},
     "coalescing": {"maxWait": "0s"}, "endpointTimeouts": {"get_lead": "1s"}}
  ]
})json";

struct Load {
  std::map<grpc::StatusCode, int> codes;
  std::vector<std::string> unexpected;
  int offered = 0;
  absl::Duration span;  // first offered call to the last possible admission
};

// 12 clients (4 per replica) send one call every 400 ms for `duration` with 300 ms
// deadlines: 30 calls/s against the 10/s the window allows.
Load Offer(std::vector<std::unique_ptr<v1::LeadService::Stub>>& replicas,
           absl::Duration duration) {
  constexpr int kClients = 12;
  constexpr absl::Duration kPeriod = absl::Milliseconds(400);
  constexpr absl::Duration kRpcTimeout = absl::Milliseconds(300);
  Load load;
  std::mutex mu;
  const absl::Time start = absl::Now() + absl::Milliseconds(50);
  const int rounds = static_cast<int>(std::ceil(absl::FDivDuration(duration, kPeriod)));
  RunOnThreads(kClients, [&](int client) {
    v1::LeadService::Stub& stub = *replicas[client % replicas.size()];
    for (int k = 0; k < rounds; ++k) {
      absl::SleepFor(start + k * kPeriod - absl::Now());
      auto context = ContextWithTimeout(kRpcTimeout);
      v1::GetLeadRequest request;
      request.set_connection("mkto");
      request.set_id(kFirstDemoLead);
      v1::Lead lead;
      const grpc::Status status = stub.GetLead(context.get(), request, &lead);
      std::lock_guard<std::mutex> lock(mu);
      ++load.offered;
      ++load.codes[status.error_code()];
      if (status.error_code() != grpc::StatusCode::OK &&
          status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED &&
          status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
          load.unexpected.size() < 5) {
        load.unexpected.push_back(absl::StrCat(status.error_code(), ": ", status.error_message()));
      }
    }
  });
  load.span = (rounds - 1) * kPeriod + kRpcTimeout;
  return load;
}

int AllowedCalls(absl::Duration span) {
  return kWindowCalls * (static_cast<int>(std::floor(absl::FDivDuration(span, kWindow))) + 1);
}

std::string LimitAnswers(const emulators::common::RequestCounters& counters) {
  return absl::StrCat("606=", counters.OutcomesForCode("606"), " 615=",
                      counters.OutcomesForCode("615"), " 429=", counters.OutcomesForCode("429"));
}

// What a replica's grpc.health.v1 service says of `service` (UNKNOWN if the check fails).
grpc::health::v1::HealthCheckResponse::ServingStatus CoordinationHealth(
    GatewayProcess& gateway, const std::string& service = "leadgateway.coordination") {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  auto context = ContextWithTimeout(absl::Seconds(10));
  if (!grpc::health::v1::Health::NewStub(gateway.NewChannel())
           ->Check(context.get(), request, &response)
           .ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

// A Redis, an emulator with the documented window and `kReplicas` gateways sharing both.
class FleetE2eTest : public ::testing::Test {
 protected:
  void StartFleet(const std::string& config = kConfig,
                  absl::Duration upstream_latency = absl::Milliseconds(20)) {
    auto redis = RedisServer::Start();
    ASSERT_THAT(redis, IsOk());
    redis_ = *std::move(redis);
    mkto::MarketoEmulatorOptions options;
    options.rate_limit_calls = kWindowCalls;
    options.rate_window = kWindow;
    options.max_concurrent = 4;  // binds in the synchronised bursts of Offer()
    upstream_ = StartMarketo(options);
    ASSERT_NE(upstream_, nullptr);
    emulators::common::FaultConfig latency;
    latency.latency = upstream_latency;
    ASSERT_THAT(upstream_->faults().Set(latency), IsOk());
    const std::map<std::string, std::string> urls = {
        {"MKTO_URL", upstream_->base_url()},
        {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", redis_->port())}};
    for (int i = 0; i < kReplicas; ++i) {
      auto gateway = StartGateway(config, urls);
      ASSERT_THAT(gateway, IsOk());
      stubs_.push_back(v1::LeadService::NewStub((*gateway)->NewChannel()));
      gateways_.push_back(*std::move(gateway));
    }
  }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<mkto::MarketoEmulator> upstream_;
  std::vector<std::unique_ptr<GatewayProcess>> gateways_;
  std::vector<std::unique_ptr<v1::LeadService::Stub>> stubs_;
};

TEST_F(FleetE2eTest, ThreeReplicasShareTheWindowAndFallBackToTheirSharesWithoutRedis) {
  ASSERT_NO_FATAL_FAILURE(StartFleet());
  auto& stubs = stubs_;
  const auto& counters = upstream_->counters();
  const int64_t before = counters.TotalRequests();
  Load shared = Offer(stubs, absl::Seconds(7));
  const int64_t sent = counters.TotalRequests() - before;
  const int allowed = AllowedCalls(shared.span);
  std::cout << "[fleet shared] offered=" << shared.offered
            << " ok=" << shared.codes[grpc::StatusCode::OK]
            << " refused=" << shared.codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << " deadline=" << shared.codes[grpc::StatusCode::DEADLINE_EXCEEDED]
            << " upstream_calls=" << sent << " allowed_by_window=" << allowed
            << " used=" << 100.0 * static_cast<double>(sent) / allowed << "% "
            << "peak_concurrency=" << upstream_->peak_concurrency() << " "
            << LimitAnswers(counters) << std::endl;
  EXPECT_EQ(counters.OutcomesForCode("606"), 0) << "the fleet overflowed the window";
  EXPECT_EQ(counters.OutcomesForCode("615"), 0) << "the fleet overflowed the concurrency cap";
  EXPECT_LE(sent, allowed);
  EXPECT_GE(sent * 10, allowed * 9) << sent << " upstream calls of " << allowed << " allowed";
  EXPECT_TRUE(shared.unexpected.empty()) << shared.unexpected.front();

  EXPECT_EQ(CoordinationHealth(*gateways_[0]), grpc::health::v1::HealthCheckResponse::SERVING);

  // Redis dies: each replica pauses a window, then keeps to a third of it.
  redis_->Kill();
  absl::SleepFor(kWindow);  // the window of the shared run empties
  const int64_t before_degraded = counters.TotalRequests();
  Load degraded = Offer(stubs, absl::Seconds(5));
  const int64_t degraded_sent = counters.TotalRequests() - before_degraded;
  std::cout << "[fleet degraded] offered=" << degraded.offered
            << " ok=" << degraded.codes[grpc::StatusCode::OK]
            << " refused=" << degraded.codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << " upstream_calls=" << degraded_sent << " " << LimitAnswers(counters) << std::endl;
  EXPECT_EQ(counters.OutcomesForCode("606"), 0) << "a degraded replica overflowed the window";
  EXPECT_EQ(counters.OutcomesForCode("615"), 0)
      << "a degraded replica overflowed the concurrency cap";
  EXPECT_GT(degraded.codes[grpc::StatusCode::OK], 0) << "degraded replicas must keep serving";
  // Health says so: the connection is degraded and coordination is not serving, while the
  // server as a whole stays in rotation.
  for (const auto& gateway : gateways_) {
    v1::GetConnectionRequest request;
    request.set_name("mkto");
    v1::Connection connection;
    auto context = ContextWithTimeout(absl::Seconds(10));
    ASSERT_TRUE(v1::ConnectionService::NewStub(gateway->NewChannel())
                    ->GetConnection(context.get(), request, &connection)
                    .ok());
    EXPECT_EQ(connection.health(), v1::CONNECTION_HEALTH_DEGRADED);
    EXPECT_THAT(connection.health_detail(), HasSubstr("fleet coordination (Redis) is unreachable"));
    EXPECT_EQ(CoordinationHealth(*gateway), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
    EXPECT_EQ(CoordinationHealth(*gateway, ""), grpc::health::v1::HealthCheckResponse::SERVING);
    // The round trips, and the failed ones, are in the metrics.
    absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway->metrics_port());
    ASSERT_THAT(metrics, IsOk());
    EXPECT_GT(SumMetric(*metrics, "leadgw_coordination_duration_seconds_count",
                        {{"op", "window_admit"}}),
              0);
    EXPECT_GT(
        SumMetric(*metrics, "leadgw_coordination_errors_total", {{"op", "window_admit"}}), 0);
  }
  EXPECT_TRUE(degraded.unexpected.empty()) << degraded.unexpected.front();
}

// A replica frozen mid-burst (SIGSTOP for 200 ms, as a long GC pause or a starved node)
// answers late and sends late; the shared window still holds.
TEST_F(FleetE2eTest, AStalledReplicaCannotSqueezeCallsIntoTheWindow) {
  ASSERT_NO_FATAL_FAILURE(StartFleet());
  const pid_t frozen = gateways_[0]->process().pid();
  std::thread staller([frozen] {
    absl::SleepFor(absl::Milliseconds(1500));
    ::kill(frozen, SIGSTOP);
    absl::SleepFor(absl::Milliseconds(200));
    ::kill(frozen, SIGCONT);
  });
  Load load = Offer(stubs_, absl::Seconds(5));
  staller.join();
  const auto& counters = upstream_->counters();
  std::cout << "[fleet stalled] offered=" << load.offered
            << " ok=" << load.codes[grpc::StatusCode::OK]
            << " upstream_calls=" << counters.TotalRequests() << " " << LimitAnswers(counters)
            << std::endl;
  EXPECT_EQ(counters.OutcomesForCode("606"), 0) << "the stalled replica overflowed the window";
  EXPECT_EQ(counters.OutcomesForCode("615"), 0)
      << "the stalled replica overflowed the concurrency cap";
  EXPECT_LE(counters.TotalRequests(), AllowedCalls(load.span) + kReplicas);  // + tokens
}

// kill -9 of a replica whose calls are open in Redis: their leases (2 s here) expire and
// the others proceed, a window later, without overflowing it.
TEST_F(FleetE2eTest, AKilledReplicasSlotsFreeWhenItsLeasesExpire) {
  std::string config = kConfig;
  const std::string lease = R"("lease": "30s")";
  config.replace(config.find(lease), lease.size(), R"("lease": "2s")");
  const std::string limits = R"("callsPerWindow": 20)";
  config.replace(config.find(limits), limits.size(), R"("callsPerWindow": 3)");
  const std::string timeouts = R"({"get_lead": "1s"})";
  config.replace(config.find(timeouts), timeouts.size(), R"({"get_lead": "10s"})");
  ASSERT_NO_FATAL_FAILURE(StartFleet(config, absl::Seconds(3)));
  auto get_lead = [](v1::LeadService::Stub& stub, absl::Duration timeout) {
    auto context = ContextWithTimeout(timeout);
    v1::GetLeadRequest request;
    request.set_connection("mkto");
    request.set_id(kFirstDemoLead);
    v1::Lead lead;
    return stub.GetLead(context.get(), request, &lead);
  };
  // Replica 0 takes the whole window (its token call and two slow reads), then dies.
  std::thread doomed([&] {
    RunOnThreads(2, [&](int) { (void)get_lead(*stubs_[0], absl::Seconds(10)); });
  });
  absl::SleepFor(absl::Milliseconds(800));
  const absl::Time killed = absl::Now();
  ASSERT_THAT(gateways_[0]->process().Stop(SIGKILL, absl::Seconds(10)), IsOk());
  doomed.join();
  // Replica 1 gets a slot once the dead calls' leases end plus a window, within its
  // deadline; its own token call takes one slot first.
  const grpc::Status status = get_lead(*stubs_[1], absl::Seconds(40));
  const absl::Duration waited = absl::Now() - killed;
  std::cout << "[fleet kill -9] survivor=" << status.error_code() << " after " << waited << " "
            << LimitAnswers(upstream_->counters()) << std::endl;
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(upstream_->counters().OutcomesForCode("606"), 0);
}

}  // namespace
}  // namespace leadgw::testing::faults
