// Token expiry end to end: Marketo access tokens that live 2 s or 2.5 s, under concurrent
// reads and writes for 8 s. No caller may see an auth error (the stub refreshes on
// 601/602 and replays once) or any other error, and the gateway must fetch about one
// token per expiry, not one per failed call: at most ceil(T / lifetime) + 2 identity calls.
//
// The 2.5 s lifetime matters: Marketo's identity endpoint answers a live token again with
// its remaining lifetime in whole seconds, rounded down, so a client that asks during
// the token's last second is told "expires_in": 0. With a whole-second lifetime the
// gateway only asks after expiry; with 2.5 s it asks 0.5 s early, as it does in
// production when it re-asks near the end of a 3600 s token.
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

constexpr absl::Duration kRunFor = absl::Seconds(8);
constexpr int kClients = 8;
constexpr absl::Duration kPause = absl::Milliseconds(10);
constexpr char kFirstDemoLead[] = "318581";

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s"}}
  ]
})json";

class TokenExpiryE2eTest : public ::testing::TestWithParam<int> {};

TEST_P(TokenExpiryE2eTest, ShortLivedTokensUnderLoadNeverReachCallers) {
  const absl::Duration kTokenLifetime = absl::Milliseconds(GetParam());
  mkto::MarketoEmulatorOptions options;
  options.token_lifetime = kTokenLifetime;
  options.rate_limit_calls = 0;
  std::unique_ptr<mkto::MarketoEmulator> emulator = StartMarketo(options);
  ASSERT_NE(emulator, nullptr);
  auto gateway = StartGateway(kConfig, {{"MKTO_URL", emulator->base_url()}});
  ASSERT_THAT(gateway, IsOk());
  auto leads = v1::LeadService::NewStub((*gateway)->NewChannel());

  std::mutex mu;
  std::map<grpc::StatusCode, int> codes;
  std::vector<std::string> failures;
  const absl::Time start = absl::Now();
  RunOnThreads(kClients, [&](int client) {
    for (int n = 0; absl::Now() - start < kRunFor; ++n) {
      auto context = ContextWithTimeout(absl::Seconds(5));
      grpc::Status status;
      switch (n % 3) {
        case 0: {
          v1::GetLeadRequest request;
          request.set_connection("mkto");
          request.set_id(kFirstDemoLead);
          v1::Lead lead;
          status = leads->GetLead(context.get(), request, &lead);
          break;
        }
        case 1: {
          v1::QueryLeadsRequest request;
          request.set_connection("mkto");
          request.set_filter_field("email");
          request.add_filter_values(absl::StrCat("token-", client, "@example.com"));
          v1::QueryLeadsResponse response;
          status = leads->QueryLeads(context.get(), request, &response);
          break;
        }
        default: {
          v1::UpsertLeadsRequest request;
          request.set_connection("mkto");
          v1::Lead* lead = request.add_leads();
          lead->set_email(absl::StrCat("token-", client, "@example.com"));
          lead->set_first_name(absl::StrCat("Round", n));
          v1::WriteResponse response;
          status = leads->UpsertLeads(context.get(), request, &response);
          break;
        }
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        ++codes[status.error_code()];
        if (!status.ok() && failures.size() < 5) {
          failures.push_back(absl::StrCat(status.error_code(), ": ", status.error_message()));
        }
      }
      // Paced rather than flat out: hundreds of calls per second keep several in flight
      // at every expiry without starving the other tests sharing the machine.
      absl::SleepFor(kPause);
    }
  });
  const absl::Duration elapsed = absl::Now() - start;

  const auto& counters = emulator->counters();
  const int64_t identity = counters.Requests("identity");
  const int64_t expired = counters.OutcomesForCode("602");
  const int64_t invalid = counters.OutcomesForCode("601");
  absl::StatusOr<std::string> metrics = ScrapeMetrics((*gateway)->metrics_port());
  ASSERT_THAT(metrics, IsOk());
  const double refreshes =
      SumMetric(*metrics, "leadgw_auth_token_refreshes_total", {{"connection", "mkto"}});
  const double auth_replays = SumMetric(*metrics, "leadgw_upstream_retries_total",
                                        {{"connection", "mkto"}, {"reason", "auth_refresh"}});
  int total = 0;
  for (const auto& [code, count] : codes) total += count;
  const double expiries = absl::FDivDuration(elapsed, kTokenLifetime);
  const int64_t ceiling = static_cast<int64_t>(std::ceil(expiries)) + 2;
  std::cout << "[token expiry " << absl::FormatDuration(kTokenLifetime) << "] rpcs=" << total
            << " ok=" << codes[grpc::StatusCode::OK]
            << " unauthenticated=" << codes[grpc::StatusCode::UNAUTHENTICATED]
            << " elapsed=" << absl::FormatDuration(elapsed) << " lifetimes=" << expiries
            << " identity_calls=" << identity << " (allowed <= " << ceiling << ")"
            << " gateway_refreshes=" << refreshes << " 602=" << expired << " 601=" << invalid
            << " auth_replays=" << auth_replays << std::endl;

  EXPECT_EQ(codes[grpc::StatusCode::UNAUTHENTICATED], 0) << "an auth error reached a caller";
  EXPECT_EQ(codes[grpc::StatusCode::OK], total)
      << "failed RPCs, e.g. " << (failures.empty() ? "" : failures.front());
  for (const std::string& failure : failures) std::cout << "  e.g. " << failure << std::endl;
  EXPECT_GT(total, 100) << "too little load to exercise token expiry";
  EXPECT_LE(identity, ceiling) << "more than one identity call per token lifetime";
  EXPECT_GE(identity, static_cast<int64_t>(expiries) - 1)
      << "tokens did not expire as configured: the test exercised nothing";
  EXPECT_EQ(refreshes, static_cast<double>(identity))
      << "leadgw_auth_token_refreshes_total disagrees with the identity calls the emulator saw";
  EXPECT_EQ(SumMetric(*metrics, "leadgw_auth_token_refreshes_total",
                      {{"connection", "mkto"}, {"outcome", "error"}}),
            0);
}

// Token lifetimes in milliseconds.
INSTANTIATE_TEST_SUITE_P(Lifetimes, TokenExpiryE2eTest, ::testing::Values(2000, 2500),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return absl::StrCat(info.param, "ms");
                         });

}  // namespace
}  // namespace leadgw::testing::faults
