// Server threads are bounded (server.max_threads): while a stalled upstream holds every
// serving thread, further RPCs are answered RESOURCE_EXHAUSTED at once instead of piling up
// one thread each; the RPCs already running finish normally, and the gateway serves again
// as soon as threads come back.
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
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

using ::leadgw::testing_util::IsOk;

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;

constexpr char kFirstDemoLead[] = "318581";
constexpr int kCallers = 40;
constexpr absl::Duration kUpstreamLatency = absl::Milliseconds(1500);

// Eight threads (the floor), upstream limits far above the test's load, one attempt: the
// only thing that can refuse an RPC is the thread bound.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s", "maxThreads": 8},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s", "maxConcurrent": 1000},
     "retry": {"maxAttempts": 1}}
  ]
})json";

TEST(ServerThreadsE2eTest, ABusyServerRefusesAtOnceAndRecovers) {
  mkto::MarketoEmulatorOptions options;
  options.rate_limit_calls = 0;
  options.max_concurrent = 0;
  std::unique_ptr<mkto::MarketoEmulator> emulator = StartMarketo(options);
  ASSERT_NE(emulator, nullptr);
  auto gateway = StartGateway(kConfig, {{"MKTO_URL", emulator->base_url()}});
  ASSERT_THAT(gateway, IsOk());
  std::unique_ptr<v1::LeadService::Stub> leads =
      v1::LeadService::NewStub((*gateway)->NewChannel());
  auto get_lead = [&leads](absl::Duration timeout) {
    v1::GetLeadRequest request;
    request.set_connection("mkto");
    request.set_id(kFirstDemoLead);
    v1::Lead lead;
    return leads->GetLead(ContextWithTimeout(timeout).get(), request, &lead);
  };
  ASSERT_TRUE(get_lead(absl::Seconds(5)).ok()) << "warm-up (token) failed";

  emulators::common::FaultConfig slow;
  slow.latency = kUpstreamLatency;
  ASSERT_THAT(emulator->faults().Set(slow), IsOk());
  std::mutex mu;
  std::map<grpc::StatusCode, int> codes;
  std::vector<absl::Duration> refusal_latencies;
  RunOnThreads(kCallers, [&](int) {
    const absl::Time start = absl::Now();
    const grpc::Status status = get_lead(absl::Seconds(10));
    const absl::Duration elapsed = absl::Now() - start;
    std::lock_guard<std::mutex> lock(mu);
    ++codes[status.error_code()];
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      refusal_latencies.push_back(elapsed);
    }
  });
  ASSERT_THAT(emulator->faults().Set(emulators::common::FaultConfig()), IsOk());

  const int ok = codes[grpc::StatusCode::OK];
  const int refused = codes[grpc::StatusCode::RESOURCE_EXHAUSTED];
  std::cout << "[server threads] callers=" << kCallers << " ok=" << ok << " refused=" << refused
            << " refusal_p50=" << absl::FormatDuration(Quantile(refusal_latencies, 0.5))
            << " upstream_calls=" << emulator->counters().TotalRequests() << std::endl;
  EXPECT_EQ(ok + refused, kCallers) << "only OK and RESOURCE_EXHAUSTED are expected";
  EXPECT_GE(ok, 1);
  EXPECT_LE(ok, 8) << "more RPCs ran at once than max_threads allows";
  EXPECT_GE(refused, kCallers - 8);
  // Refused without waiting for a thread (the upstream takes 1.5 s).
  EXPECT_LT(Quantile(refusal_latencies, 0.5), absl::Milliseconds(500));

  // Threads came back: the gateway serves again.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(get_lead(absl::Seconds(5)).ok());
}

}  // namespace
}  // namespace leadgw::testing::faults
