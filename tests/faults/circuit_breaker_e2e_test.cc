// Circuit breaker end to end: when the Marketo emulator goes down (every answer 503), the
// connection's breaker opens after failureThreshold failures; then RPCs fail fast with
// UNAVAILABLE (median < 5 ms) and nothing reaches the upstream; once the emulator heals,
// traffic recovers within the probe interval (openDuration + 1 s).
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

constexpr int kFailureThreshold = 3;
constexpr absl::Duration kOpenDuration = absl::Seconds(1);
constexpr char kFirstDemoLead[] = "318581";

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s"},
     "retry": {"maxAttempts": 2, "initialBackoff": "0.01s", "maxBackoff": "0.05s"},
     "circuitBreaker": {"failureThreshold": 3, "openDuration": "1s"}}
  ]
})json";

class CircuitBreakerE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mkto::MarketoEmulatorOptions options;
    options.rate_limit_calls = 0;
    options.max_concurrent = 0;
    emulator_ = StartMarketo(options);
    ASSERT_NE(emulator_, nullptr);
    auto gateway = StartGateway(kConfig, {{"MKTO_URL", emulator_->base_url()}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    leads_ = v1::LeadService::NewStub(gateway_->NewChannel());
  }

  grpc::Status GetLead(absl::Duration timeout = absl::Seconds(2)) {
    v1::GetLeadRequest request;
    request.set_connection("mkto");
    request.set_id(kFirstDemoLead);
    v1::Lead lead;
    return leads_->GetLead(ContextWithTimeout(timeout).get(), request, &lead);
  }

  double CircuitState() {
    absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway_->metrics_port());
    EXPECT_THAT(metrics, IsOk());
    return metrics.ok() ? SumMetric(*metrics, "leadgw_circuit_state", {{"connection", "mkto"}})
                        : -1;
  }

  void SetDown(bool down) {
    emulators::common::FaultConfig faults;
    faults.down = down;
    ASSERT_THAT(emulator_->faults().Set(faults), IsOk());
  }

  std::unique_ptr<mkto::MarketoEmulator> emulator_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<v1::LeadService::Stub> leads_;
};

TEST_F(CircuitBreakerE2eTest, OpensFailsFastWithoutTrafficAndRecoversAfterHealing) {
  ASSERT_TRUE(GetLead().ok()) << "warm-up (token) failed";
  SetDown(true);

  // Failing calls until the breaker opens: each RPC makes up to 2 attempts, every one a
  // failure, so it takes ceil(3 / 2) = 2 RPCs and then some slack.
  int rpcs_to_open = 0;
  grpc::Status status;
  for (; rpcs_to_open < 10; ++rpcs_to_open) {
    status = GetLead();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    if (status.error_message().find("circuit open") != std::string::npos) break;
  }
  ASSERT_THAT(status.error_message(), HasSubstr("circuit open"))
      << "the breaker did not open after " << rpcs_to_open << " failing RPCs";
  const int64_t sent_to_open = emulator_->counters().OutcomesForCode("503");
  EXPECT_EQ(sent_to_open, kFailureThreshold)
      << "the breaker should open after exactly failureThreshold failed calls";
  EXPECT_EQ(CircuitState(), 2);

  // Open: fast failures, no upstream traffic (except at most one probe per open period).
  const int64_t upstream_before = emulator_->counters().TotalRequests();
  std::vector<absl::Duration> latencies;
  const absl::Time open_start = absl::Now();
  for (int i = 0; i < 50; ++i) {
    const absl::Time t = absl::Now();
    status = GetLead();
    latencies.push_back(absl::Now() - t);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  }
  const absl::Duration open_elapsed = absl::Now() - open_start;
  const int64_t upstream_while_open = emulator_->counters().TotalRequests() - upstream_before;
  const absl::Duration median = Quantile(latencies, 0.5);
  const int64_t probes_allowed = static_cast<int64_t>(open_elapsed / kOpenDuration);
  EXPECT_LT(median, absl::Milliseconds(5)) << "an open breaker should answer at once";
  EXPECT_LE(upstream_while_open, probes_allowed)
      << "calls reached the upstream while the breaker was open";
  const std::optional<absl::Duration> retry_after = RetryDelayOf(status);
  ASSERT_TRUE(retry_after.has_value()) << "circuit-open UNAVAILABLE without RetryInfo";
  EXPECT_LE(*retry_after, kOpenDuration + absl::Milliseconds(100));

  // Heal: the next probe (at most openDuration away) closes the breaker.
  SetDown(false);
  const absl::Time healed = absl::Now();
  absl::Duration recovered_after = absl::InfiniteDuration();
  while (absl::Now() - healed < kOpenDuration + absl::Seconds(3)) {
    if (GetLead(absl::Seconds(1)).ok()) {
      recovered_after = absl::Now() - healed;
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  std::cout << "[circuit breaker] rpcs_to_open=" << rpcs_to_open + 1
            << " upstream_failures_to_open=" << sent_to_open
            << " open_median_latency=" << absl::FormatDuration(median)
            << " p99=" << absl::FormatDuration(Quantile(latencies, 0.99))
            << " upstream_calls_while_open=" << upstream_while_open << " in "
            << absl::FormatDuration(open_elapsed)
            << " recovered_after=" << absl::FormatDuration(recovered_after) << std::endl;
  EXPECT_LE(recovered_after, kOpenDuration + absl::Seconds(1))
      << "traffic did not recover within the probe interval";
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(GetLead().ok());
  EXPECT_EQ(CircuitState(), 0);
}

// A healthy but slow upstream (100 ms) and callers whose deadlines (40 ms) are shorter:
// every attempt is cut off by the caller's deadline, which says nothing about the
// upstream's health, so the breaker must stay closed for callers with ordinary deadlines.
TEST_F(CircuitBreakerE2eTest, CallerDeadlinesShorterThanTheUpstreamDoNotOpenTheBreaker) {
  ASSERT_TRUE(GetLead().ok()) << "warm-up (token) failed";
  emulators::common::FaultConfig slow;
  slow.latency = absl::Milliseconds(100);
  ASSERT_THAT(emulator_->faults().Set(slow), IsOk());
  int deadline_exceeded = 0;
  for (int i = 0; i < 2 * kFailureThreshold; ++i) {
    deadline_exceeded +=
        GetLead(absl::Milliseconds(40)).error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  }
  const grpc::Status patient = GetLead(absl::Seconds(5));
  std::cout << "[caller deadlines] short-deadline RPCs=" << 2 * kFailureThreshold
            << " deadline_exceeded=" << deadline_exceeded
            << " then a 5 s RPC: " << (patient.ok() ? "OK" : patient.error_message())
            << " circuit_state=" << CircuitState() << std::endl;
  EXPECT_TRUE(patient.ok()) << "a caller with a 5 s deadline was refused: "
                            << patient.error_message();
  EXPECT_EQ(CircuitState(), 0) << "callers' short deadlines opened the breaker";
}

}  // namespace
}  // namespace leadgw::testing::faults
