// Fair shares of a connection's quota between callers, on the real binary: while one
// caller floods a connection at ten times its rate window, another caller at a tenth of
// the window keeps getting every call through without waiting a window, because its
// reserve stays free and it goes first among the waiters. The quota metrics say which
// caller waited and which was refused.
#include <atomic>
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
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "common/sha256.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;

// Emulator and gateway alike: 20 calls per 2 s rolling window.
constexpr int kWindowCalls = 20;
constexpr absl::Duration kWindow = absl::Seconds(2);
constexpr int kWindows = 4;  // how long the flood lasts
// The flood: 10x the window (100 calls/s) offered by kFloodThreads clients, each call
// willing to wait up to kFloodDeadline.
constexpr int kFloodThreads = 24;
const absl::Duration kFloodPeriod = kWindow * kFloodThreads / (10 * kWindowCalls);
constexpr absl::Duration kFloodDeadline = absl::Seconds(3);
// The quiet caller: a tenth of the window (one call per second).
const absl::Duration kQuietPeriod = kWindow / (kWindowCalls / 10);

constexpr char kImporterToken[] = "importer-token-2b8e";
constexpr char kCrmToken[] = "crm-token-c41f";

// crm reserves 15% of the window (3 calls): its 10% with room for a call at the edge of
// a window. get_lead times out after 1 s so that an abandoned call holds no slot long.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s"},
     "coalescing": {"maxWait": "0s"}, "endpointTimeouts": {"get_lead": "1s"}}
  ],
  "access": {"callers": [
    {"name": "importer", "tokenSha256": ["IMPORTER_HASH"],
     "grants": [{"connections": ["mkto"], "operations": ["read"]}]},
    {"name": "crm", "tokenSha256": ["CRM_HASH"], "quotaReservePercent": 15,
     "grants": [{"connections": ["mkto"], "operations": ["read"]}]}
  ]}
})json";

grpc::Status GetLead(v1::LeadService::Stub& stub, const std::string& token,
                     absl::Duration timeout) {
  auto context = ContextWithTimeout(timeout);
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("318581");  // Marketo demo data
  v1::Lead lead;
  return stub.GetLead(context.get(), request, &lead);
}

TEST(FairShareE2eTest, AQuietCallerKeepsItsShareWhileAnotherFloods) {
  mkto::MarketoEmulatorOptions options;
  options.rate_limit_calls = kWindowCalls;
  options.rate_window = kWindow;
  std::unique_ptr<mkto::MarketoEmulator> marketo = StartMarketo(options);
  ASSERT_NE(marketo, nullptr);
  auto gateway = StartGateway(kConfig, {{"MKTO_URL", marketo->base_url()},
                                        {"IMPORTER_HASH", Sha256Hex(kImporterToken)},
                                        {"CRM_HASH", Sha256Hex(kCrmToken)}});
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::LeadService::NewStub((*gateway)->NewChannel());
  // The token is fetched before the flood, so both callers meet only the window.
  ASSERT_TRUE(GetLead(*stub, kCrmToken, absl::Seconds(30)).ok());

  const absl::Time start = absl::Now();
  const absl::Time end = start + kWindow * kWindows;
  std::mutex mu;
  std::map<grpc::StatusCode, int> flood_codes;
  std::vector<absl::Duration> quiet_latencies;
  std::vector<std::string> quiet_failures;
  std::thread quiet([&] {
    for (absl::Time next = start + kQuietPeriod / 2; next < end; next += kQuietPeriod) {
      absl::SleepFor(next - absl::Now());
      const absl::Time sent = absl::Now();
      const grpc::Status status = GetLead(*stub, kCrmToken, absl::Seconds(30));
      std::lock_guard<std::mutex> lock(mu);
      quiet_latencies.push_back(absl::Now() - sent);
      if (!status.ok()) quiet_failures.push_back(status.error_message());
    }
  });
  RunOnThreads(kFloodThreads, [&](int thread) {
    // Each flooding client sends one call per period, at once when the last came back late.
    // Calls whose time passed while the client waited are dropped, not sent late: the
    // flood ends with the test's windows.
    for (absl::Time next = start + kFloodPeriod * thread / kFloodThreads; absl::Now() < end;
         next += kFloodPeriod) {
      if (next < absl::Now()) continue;
      absl::SleepFor(next - absl::Now());
      const grpc::Status status = GetLead(*stub, kImporterToken, kFloodDeadline);
      std::lock_guard<std::mutex> lock(mu);
      ++flood_codes[status.error_code()];
    }
  });
  quiet.join();

  int flood_offered = 0;
  for (const auto& [code, count] : flood_codes) flood_offered += count;
  const absl::Duration quiet_p50 = Quantile(quiet_latencies, 0.5);
  const absl::Duration quiet_p99 = Quantile(quiet_latencies, 0.99);
  std::cout << "flood: offered " << flood_offered << " in " << kWindows << " windows of "
            << kWindowCalls << " calls, ok " << flood_codes[grpc::StatusCode::OK]
            << ", resource_exhausted " << flood_codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << "; quiet: " << quiet_latencies.size() << " calls, p50 " << quiet_p50 << ", p99 " << quiet_p99
            << ", failed " << quiet_failures.size() << "\n";

  // The flood really was several times the window (24 clients that each wait out their
  // whole deadline still send 24 * 8 s / 3 s = 64 calls, which is 80% of the window's), and
  // it was throttled.
  EXPECT_GE(flood_offered, kWindowCalls * kWindows * 3 / 4);
  EXPECT_GT(flood_codes[grpc::StatusCode::RESOURCE_EXHAUSTED], 0);
  // The quiet caller: every call through, none waiting anything near a window.
  EXPECT_GE(quiet_latencies.size(), static_cast<size_t>(kWindows * 2 - 1));
  EXPECT_THAT(quiet_failures, ::testing::IsEmpty());
  EXPECT_LT(quiet_p99, kWindow);
  // Nobody earned a rate-limit answer: the reserve came out of the gateway's own window.
  absl::StatusOr<std::string> metrics = ScrapeMetrics((*gateway)->metrics_port());
  ASSERT_THAT(metrics, IsOk());
  EXPECT_EQ(SumMetric(*metrics, "leadgw_upstream_rate_limited_total"), 0);
  // Which caller waited and which was refused.
  EXPECT_GE(SumMetric(*metrics, "leadgw_quota_wait_seconds_count", {{"caller", "crm"}}),
            static_cast<double>(quiet_latencies.size()));
  EXPECT_GT(SumMetric(*metrics, "leadgw_quota_wait_seconds_count", {{"caller", "importer"}}),
            0);
  EXPECT_GT(SumMetric(*metrics, "leadgw_quota_rejections_total", {{"caller", "importer"}}), 0);
  std::cout << "quota wait of crm: "
            << SumMetric(*metrics, "leadgw_quota_wait_seconds_sum", {{"caller", "crm"}})
            << " s in all\n";
  EXPECT_EQ(SumMetric(*metrics, "leadgw_quota_rejections_total", {{"caller", "crm"}}), 0);
}

}  // namespace
}  // namespace leadgw::testing::faults
