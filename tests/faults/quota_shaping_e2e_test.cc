// Quota shaping end to end: the real gateway in front of emulators whose rate window,
// concurrency cap and daily quota equal the gateway's configured limits. Offered 3x the
// allowed rate from concurrent clients, the gateway must earn no rate-limit answer at all
// (606, 615, 607, 429) yet use >= 90% of what the rolling window allows; at the daily
// quota it must refuse locally with RetryInfo; an interactive call must overtake bulk
// calls queued before it.
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
namespace hp = ::leadgw::emulators::hotprofile;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

// The shaped connections' limits (emulator and gateway alike): 20 calls per 2 s rolling
// window, Marketo also 10 at once.
constexpr int kWindowCalls = 20;
constexpr absl::Duration kWindow = absl::Seconds(2);
constexpr int kMaxConcurrent = 10;
constexpr int kDailyQuota = 12;
// The priority connection: a tiny window so that one slot frees at a time.
constexpr int kPrioWindowCalls = 3;
constexpr absl::Duration kPrioWindow = absl::Seconds(1);

constexpr char kFirstDemoLead[] = "318581";  // Marketo demo data
constexpr char kHotProfileDemoLead[] = "1";  // HotProfile demo data

// The shaped connections do not coalesce: the test is about the window as single calls
// meet it. mkto-prio does, so that priority is checked through the coalescer too.
// get_lead / leads_search time out after 1 s rather than 30 s: a call our short deadline
// abandons keeps its concurrency slot until then (capacity_gate.h), and this test is
// about the window, not about that hold.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s", "maxConcurrent": 10},
     "coalescing": {"maxWait": "0s"}, "endpointTimeouts": {"get_lead": "1s"}},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS,
     "limits": {"callsPerWindow": 20, "window": "2s"},
     "coalescing": {"maxWait": "0s"}, "endpointTimeouts": {"leads_search": "1s"}},
    {"name": "mkto-daily", "backend": "marketo", "baseUrl": "DAILY_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "2s", "maxConcurrent": 0,
                "dailyQuota": 12}, "coalescing": {"maxWait": "0s"}},
    {"name": "mkto-prio", "backend": "marketo", "baseUrl": "PRIO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 3, "window": "1s", "maxConcurrent": 10}}
  ]
})json";

// What one offered-load run saw, by gRPC code.
struct LoadResult {
  std::map<grpc::StatusCode, int> codes;
  std::vector<std::string> unexpected;  // messages of codes other than the expected ones
  absl::Duration span;                  // first offered call to the last possible admission
  int offered = 0;
  absl::Duration offered_for;  // rounds x period
  int refused_without_retry_info = 0;
};

// `clients` threads each send one call every `period` for `duration`, all starting
// together (bursts larger than the concurrency cap), each with deadline `rpc_timeout`.
LoadResult OfferLoad(int clients, absl::Duration period, absl::Duration duration,
                     absl::Duration rpc_timeout,
                     const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  LoadResult result;
  std::mutex mu;
  const absl::Time start = absl::Now() + absl::Milliseconds(50);
  const int rounds = static_cast<int>(std::ceil(absl::FDivDuration(duration, period)));
  RunOnThreads(clients, [&](int) {
    for (int k = 0; k < rounds; ++k) {
      absl::SleepFor(start + k * period - absl::Now());
      auto context = ContextWithTimeout(rpc_timeout);
      const grpc::Status status = call(context.get());
      std::lock_guard<std::mutex> lock(mu);
      ++result.offered;
      ++result.codes[status.error_code()];
      if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
          !RetryDelayOf(status).has_value()) {
        ++result.refused_without_retry_info;
      }
      if (status.error_code() != grpc::StatusCode::OK &&
          status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED &&
          status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
          result.unexpected.size() < 5) {
        result.unexpected.push_back(
            absl::StrCat(status.error_code(), ": ", status.error_message()));
      }
    }
  });
  result.offered_for = rounds * period;
  result.span = (rounds - 1) * period + rpc_timeout;
  return result;
}

emulators::common::FaultConfig Latency(absl::Duration latency) {
  emulators::common::FaultConfig config;
  config.latency = latency;
  return config;
}

// The most calls an exact rolling window of `limit` per `window` lets through in a span
// of `span`: a full window at the start and one more each time the window rolls.
int AllowedCalls(int limit, absl::Duration window, absl::Duration span) {
  return limit * (static_cast<int>(std::floor(absl::FDivDuration(span, window))) + 1);
}

class QuotaShapingE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    mkto::MarketoEmulatorOptions shaped;
    shaped.rate_limit_calls = kWindowCalls;
    shaped.rate_window = kWindow;
    shaped.max_concurrent = kMaxConcurrent;
    marketo_ = StartMarketo(shaped).release();

    hp::HotProfileEmulatorOptions hp_options;
    hp_options.rate_limit_calls = kWindowCalls;
    hp_options.rate_window = kWindow;
    hotprofile_ = StartHotProfile(hp_options).release();

    mkto::MarketoEmulatorOptions daily;
    daily.rate_limit_calls = 0;
    daily.max_concurrent = 0;
    daily.daily_quota = kDailyQuota;
    daily_ = StartMarketo(daily).release();

    mkto::MarketoEmulatorOptions prio;
    prio.rate_limit_calls = kPrioWindowCalls;
    prio.rate_window = kPrioWindow;
    prio_ = StartMarketo(prio).release();
    ASSERT_TRUE(marketo_ && hotprofile_ && daily_ && prio_);

    auto gateway = StartGateway(kConfig, {{"MKTO_URL", marketo_->base_url()},
                                          {"HP_URL", hotprofile_->base_url()},
                                          {"DAILY_URL", daily_->base_url()},
                                          {"PRIO_URL", prio_->base_url()}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = gateway->release();
  }

  static void TearDownTestSuite() {
    delete gateway_;
    delete marketo_;
    delete hotprofile_;
    delete daily_;
    delete prio_;
  }

  void SetUp() override {
    ASSERT_NE(gateway_, nullptr);
    leads_ = v1::LeadService::NewStub(gateway_->NewChannel());
  }

  grpc::Status GetLead(grpc::ClientContext* context, const std::string& connection,
                       const std::string& id) {
    v1::GetLeadRequest request;
    request.set_connection(connection);
    request.set_id(id);
    v1::Lead lead;
    return leads_->GetLead(context, request, &lead);
  }

  // What the gateway's /metrics says about `connection`: timeouts, breaker openings,
  // rate-limit answers it received, local refusals.
  std::string GatewayFigures(const std::string& connection) {
    absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway_->metrics_port());
    if (!metrics.ok()) return std::string(metrics.status().message());
    const std::map<std::string, std::string> labels = {{"connection", connection}};
    return absl::StrCat(
        "gateway: timeouts=", SumMetric(*metrics, "leadgw_upstream_timeouts_total", labels),
        " breaker_opened=",
        SumMetric(*metrics, "leadgw_circuit_transitions_total",
                  {{"connection", connection}, {"state", "open"}}),
        " rate_limited_answers=", SumMetric(*metrics, "leadgw_upstream_rate_limited_total", labels),
        " retries=", SumMetric(*metrics, "leadgw_upstream_retries_total", labels),
        " local_rejections=", SumMetric(*metrics, "leadgw_quota_rejections_total", labels));
  }

  // The rate-limit answers the emulator gave, by code.
  static std::string RateLimitAnswers(const emulators::common::RequestCounters& counters) {
    return absl::StrCat(
        "606=", counters.OutcomesForCode("606"), " 615=", counters.OutcomesForCode("615"),
        " 607=", counters.OutcomesForCode("607"), " 429=", counters.OutcomesForCode("429"));
  }

  static mkto::MarketoEmulator* marketo_;
  static hp::HotProfileEmulator* hotprofile_;
  static mkto::MarketoEmulator* daily_;
  static mkto::MarketoEmulator* prio_;
  static GatewayProcess* gateway_;
  std::unique_ptr<v1::LeadService::Stub> leads_;
};

mkto::MarketoEmulator* QuotaShapingE2eTest::marketo_ = nullptr;
hp::HotProfileEmulator* QuotaShapingE2eTest::hotprofile_ = nullptr;
mkto::MarketoEmulator* QuotaShapingE2eTest::daily_ = nullptr;
mkto::MarketoEmulator* QuotaShapingE2eTest::prio_ = nullptr;
GatewayProcess* QuotaShapingE2eTest::gateway_ = nullptr;

// 12 clients x 2.5 calls/s = 30 calls/s offered against 10 calls/s allowed, for 7 s
// (3.5 windows). Bursts of 12 exceed the concurrency cap of 10; 20 ms of upstream latency
// makes the calls of a burst overlap.
constexpr int kClients = 12;
constexpr absl::Duration kPeriod = absl::Milliseconds(400);
constexpr absl::Duration kRunFor = absl::Seconds(7);
constexpr absl::Duration kRpcTimeout = absl::Milliseconds(300);

TEST_F(QuotaShapingE2eTest, MarketoAtThreeTimesTheRateEarnsNoLimitErrorAndUsesTheWindow) {
  ASSERT_THAT(marketo_->faults().Set(Latency(absl::Milliseconds(20))), IsOk());
  LoadResult load = OfferLoad(
      kClients, kPeriod, kRunFor, kRpcTimeout,
      [&](grpc::ClientContext* context) { return GetLead(context, "mkto", kFirstDemoLead); });
  const auto& counters = marketo_->counters();
  const int64_t identity = counters.Requests("identity");
  // The gateway's gate counts every call it sends, identity included; the emulator
  // exempts identity calls from its limits (marketo_emulator.h).
  const int64_t sent = counters.TotalRequests();
  const int allowed = AllowedCalls(kWindowCalls, kWindow, load.span);
  std::cout << "[marketo shaping] offered=" << load.offered
            << " ok=" << load.codes[grpc::StatusCode::OK]
            << " refused_locally=" << load.codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << " deadline=" << load.codes[grpc::StatusCode::DEADLINE_EXCEEDED]
            << " unavailable=" << load.codes[grpc::StatusCode::UNAVAILABLE] << " ("
            << load.offered / absl::ToDoubleSeconds(load.offered_for) << "/s vs "
            << kWindowCalls / absl::ToDoubleSeconds(kWindow) << "/s allowed)"
            << " upstream_calls=" << sent << " (identity " << identity << ")"
            << " allowed_by_window=" << allowed
            << " used=" << 100.0 * static_cast<double>(sent) / allowed << "%"
            << " peak_concurrency=" << marketo_->peak_concurrency() << " "
            << RateLimitAnswers(counters) << "; " << GatewayFigures("mkto") << std::endl;

  EXPECT_EQ(counters.OutcomesForCode("606"), 0) << "the gate let the rate window overflow";
  EXPECT_EQ(counters.OutcomesForCode("615"), 0) << "the gate let >10 calls run at once";
  EXPECT_EQ(counters.OutcomesForCode("607"), 0);
  EXPECT_LE(marketo_->peak_concurrency(), kMaxConcurrent);
  const double offered_rate = load.offered / absl::ToDoubleSeconds(load.offered_for);
  EXPECT_GE(offered_rate, 2.9 * kWindowCalls / absl::ToDoubleSeconds(kWindow))
      << "the test did not offer 3x the allowed rate";
  EXPECT_GE(sent * 10, allowed * 9) << "upstream calls " << sent << " are < 90% of the " << allowed
                                    << " the rolling window allowed";
  EXPECT_LE(sent, allowed) << "more calls than any rolling window allows";
  EXPECT_GT(load.codes[grpc::StatusCode::RESOURCE_EXHAUSTED], 0)
      << "the excess should be refused locally";
  EXPECT_EQ(load.refused_without_retry_info, 0) << "local refusals must carry RetryInfo";
  EXPECT_TRUE(load.unexpected.empty()) << load.unexpected.front();
  ASSERT_THAT(marketo_->faults().Set({}), IsOk());
}

TEST_F(QuotaShapingE2eTest, HotProfileAtThreeTimesTheRateEarnsNo429AndUsesTheWindow) {
  ASSERT_THAT(hotprofile_->faults().Set(Latency(absl::Milliseconds(20))), IsOk());
  LoadResult load = OfferLoad(
      kClients, kPeriod, kRunFor, kRpcTimeout,
      [&](grpc::ClientContext* context) { return GetLead(context, "hp", kHotProfileDemoLead); });
  const auto& counters = hotprofile_->counters();
  const int64_t sent = counters.TotalRequests();
  const int allowed = AllowedCalls(kWindowCalls, kWindow, load.span);
  std::cout << "[hotprofile shaping] offered=" << load.offered
            << " ok=" << load.codes[grpc::StatusCode::OK]
            << " refused_locally=" << load.codes[grpc::StatusCode::RESOURCE_EXHAUSTED]
            << " deadline=" << load.codes[grpc::StatusCode::DEADLINE_EXCEEDED]
            << " unavailable=" << load.codes[grpc::StatusCode::UNAVAILABLE]
            << " upstream_calls=" << sent << " allowed_by_window=" << allowed
            << " used=" << 100.0 * static_cast<double>(sent) / allowed << "% "
            << RateLimitAnswers(counters) << "; " << GatewayFigures("hp") << std::endl;

  EXPECT_EQ(counters.OutcomesForCode("429"), 0) << "the gate let the rate window overflow";
  EXPECT_GE(load.offered / absl::ToDoubleSeconds(load.offered_for),
            2.9 * kWindowCalls / absl::ToDoubleSeconds(kWindow))
      << "the test did not offer 3x the allowed rate";
  EXPECT_GE(sent * 10, allowed * 9) << "upstream calls " << sent << " are < 90% of the " << allowed
                                    << " the rolling window allowed";
  EXPECT_LE(sent, allowed);
  EXPECT_GT(load.codes[grpc::StatusCode::RESOURCE_EXHAUSTED], 0);
  EXPECT_EQ(load.refused_without_retry_info, 0) << "local refusals must carry RetryInfo";
  EXPECT_TRUE(load.unexpected.empty()) << load.unexpected.front();
  ASSERT_THAT(hotprofile_->faults().Set({}), IsOk());
}

TEST_F(QuotaShapingE2eTest, DailyQuotaIsRefusedLocallyWithRetryInfo) {
  grpc::Status refused;
  int ok = 0;
  for (int i = 0; i < 3 * kDailyQuota && refused.ok(); ++i) {
    grpc::Status status =
        GetLead(ContextWithTimeout(absl::Seconds(5)).get(), "mkto-daily", kFirstDemoLead);
    if (status.ok()) {
      ++ok;
    } else {
      refused = status;
    }
  }
  const auto& counters = daily_->counters();
  const int64_t rest_calls = counters.TotalRequests() - counters.Requests("identity");
  std::cout << "[daily quota] quota=" << kDailyQuota << " ok_rpcs=" << ok
            << " rest_calls=" << rest_calls << " identity=" << counters.Requests("identity") << " "
            << RateLimitAnswers(counters) << std::endl;

  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_THAT(refused.error_message(), HasSubstr("daily quota"));
  const std::optional<absl::Duration> delay = RetryDelayOf(refused);
  ASSERT_TRUE(delay.has_value()) << "RESOURCE_EXHAUSTED without google.rpc.RetryInfo";
  EXPECT_GT(*delay, absl::ZeroDuration());
  EXPECT_LE(*delay, absl::Hours(24)) << "the quota resets at the next CST midnight";
  EXPECT_EQ(counters.OutcomesForCode("607"), 0) << "the gateway spent more than the quota";
  // The gate counts identity calls against the day too (Marketo does not), so the
  // gateway stops that many calls short of the upstream's quota, never beyond it.
  EXPECT_LE(rest_calls, kDailyQuota);
  EXPECT_GE(rest_calls + counters.Requests("identity"), kDailyQuota);

  // Later calls are refused too, without reaching the upstream.
  const int64_t before = counters.TotalRequests();
  grpc::Status again =
      GetLead(ContextWithTimeout(absl::Seconds(5)).get(), "mkto-daily", kFirstDemoLead);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(counters.TotalRequests(), before);
}

// Bulk work (a query with more than 10 filter values) fills the window; an interactive
// GetLead asked after every bulk call queued must still be served first. The fill calls
// are 150 ms apart so that the window frees one slot at a time: without strict priority
// the first bulk call would take the first free slot and finish ~150 ms before GetLead.
TEST_F(QuotaShapingE2eTest, InteractiveCallOvertakesQueuedBulkCalls) {
  auto bulk_query = [&](grpc::ClientContext* context) {
    v1::QueryLeadsRequest request;
    request.set_connection("mkto-prio");
    request.set_filter_field("email");
    for (int i = 0; i < 11; ++i)
      request.add_filter_values(absl::StrCat("bulk-", i, "@example.com"));
    v1::QueryLeadsResponse response;
    return leads_->QueryLeads(context, request, &response);
  };
  // Warm up (token and any cached metadata), then let the window roll over.
  ASSERT_TRUE(
      GetLead(ContextWithTimeout(absl::Seconds(5)).get(), "mkto-prio", kFirstDemoLead).ok());
  ASSERT_TRUE(bulk_query(ContextWithTimeout(absl::Seconds(5)).get()).ok());
  absl::SleepFor(kPrioWindow + absl::Milliseconds(100));

  const absl::Time t0 = absl::Now();
  for (int i = 0; i < kPrioWindowCalls; ++i) {
    absl::SleepFor(t0 + i * absl::Milliseconds(150) - absl::Now());
    grpc::Status fill =
        GetLead(ContextWithTimeout(absl::Seconds(1)).get(), "mkto-prio", kFirstDemoLead);
    ASSERT_TRUE(fill.ok()) << "fill call " << i << ": " << fill.error_message();
  }
  constexpr int kBulk = 3;
  std::vector<grpc::Status> bulk_status(kBulk);
  std::vector<absl::Time> bulk_done(kBulk);
  std::vector<std::thread> bulk;
  for (int i = 0; i < kBulk; ++i) {
    bulk.emplace_back([&, i] {
      bulk_status[i] = bulk_query(ContextWithTimeout(absl::Seconds(5)).get());
      bulk_done[i] = absl::Now();
    });
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::SleepFor(absl::Milliseconds(100));  // every bulk call is queued at the gate now
  const absl::Time asked = absl::Now();
  const grpc::Status interactive =
      GetLead(ContextWithTimeout(absl::Seconds(5)).get(), "mkto-prio", kFirstDemoLead);
  const absl::Time interactive_done = absl::Now();
  for (std::thread& thread : bulk) thread.join();

  std::cout << "[priority] interactive asked at +" << absl::ToInt64Milliseconds(asked - t0)
            << "ms, done at +" << absl::ToInt64Milliseconds(interactive_done - t0)
            << "ms; bulk (queued before it) done at";
  for (const absl::Time done : bulk_done) {
    std::cout << " +" << absl::ToInt64Milliseconds(done - t0) << "ms";
  }
  std::cout << " " << RateLimitAnswers(prio_->counters()) << std::endl;
  ASSERT_TRUE(interactive.ok()) << interactive.error_message();
  for (int i = 0; i < kBulk; ++i) {
    ASSERT_TRUE(bulk_status[i].ok()) << "bulk " << i << ": " << bulk_status[i].error_message();
    EXPECT_LT(interactive_done, bulk_done[i])
        << "bulk call " << i << " queued before the interactive call finished first";
  }
  EXPECT_EQ(prio_->counters().OutcomesForCode("606"), 0);
}

}  // namespace
}  // namespace leadgw::testing::faults
