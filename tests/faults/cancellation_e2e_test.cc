// Cancelled callers spend no quota: GetLead calls queued at a full rate window are
// cancelled by their clients; when the window frees, none of them may reach the upstream.
// (Before, about 480 of 800 cancelled calls were still sent.)
#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;

// 3 calls per 5 s window (the token call counts too), so further calls queue: at the gate
// with coalescing off, in a batch waiting for its turn with coalescing on (MAX_WAIT).
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "narrow", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 3, "window": "5s", "maxConcurrent": 10},
     "coalescing": {"maxWait": "MAX_WAIT"}}
  ]
})json";
constexpr absl::Duration kWindow = absl::Seconds(5);
constexpr char kFirstDemoLead[] = "318581";  // Marketo demo data
constexpr int kQueued = 10;

// The parameter is coalescing.maxWait: "0s" (off) or the default "1s".
class CancellationE2eTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CancellationE2eTest, CallsWhoseCallersLeftAreNeverSent) {
  mkto::MarketoEmulatorOptions options;
  options.rate_limit_calls = 0;
  options.max_concurrent = 0;
  auto upstream = StartMarketo(options);
  ASSERT_NE(upstream, nullptr);
  auto gateway =
      StartGateway(kConfig, {{"MKTO_URL", upstream->base_url()}, {"MAX_WAIT", GetParam()}});
  ASSERT_THAT(gateway, IsOk());
  auto leads = v1::LeadService::NewStub((*gateway)->NewChannel());
  auto get_lead = [&](grpc::ClientContext* context) {
    v1::GetLeadRequest request;
    request.set_connection("narrow");
    request.set_id(kFirstDemoLead);
    v1::Lead lead;
    return leads->GetLead(context, request, &lead);
  };

  // Fill the window: the token call and two reads.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(get_lead(ContextWithTimeout(absl::Seconds(10)).get()).ok());
  }
  const int64_t sent_before = upstream->counters().TotalRequests();

  // Queue calls with deadlines long enough to be served, then their callers leave.
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  for (int i = 0; i < kQueued; ++i) contexts.push_back(ContextWithTimeout(absl::Minutes(1)));
  std::atomic<int> cancelled{0};
  RunOnThreads(kQueued + 1, [&](int i) {
    if (i == kQueued) {  // the canceller
      absl::SleepFor(absl::Milliseconds(500));
      for (auto& context : contexts) context->TryCancel();
      return;
    }
    const grpc::Status status = get_lead(contexts[i].get());
    if (status.error_code() == grpc::StatusCode::CANCELLED) ++cancelled;
  });
  ASSERT_EQ(cancelled.load(), kQueued);

  // Past the window every queued call would have had its slot.
  absl::SleepFor(kWindow + absl::Seconds(1));
  ASSERT_TRUE(get_lead(ContextWithTimeout(absl::Seconds(30)).get()).ok())
      << "the gateway still serves";
  const int64_t sent_after = upstream->counters().TotalRequests();
  absl::StatusOr<std::string> metrics = ScrapeMetrics((*gateway)->metrics_port());
  ASSERT_THAT(metrics, IsOk());
  const double stopped =
      SumMetric(*metrics, "leadgw_upstream_cancelled_total", {{"connection", "narrow"}});
  std::cout << "[cancellation, maxWait " << GetParam() << "] queued=" << kQueued << " sent_before=" << sent_before
            << " sent_after=" << sent_after << " stopped_by_cancellation=" << stopped
            << std::endl;
  EXPECT_EQ(sent_after, sent_before + 1) << "a cancelled call reached the upstream";
  EXPECT_EQ(stopped, kQueued);
}

INSTANTIATE_TEST_SUITE_P(CoalescingOffAndOn, CancellationE2eTest,
                         ::testing::Values("0s", "1s"));

}  // namespace
}  // namespace leadgw::testing::faults
