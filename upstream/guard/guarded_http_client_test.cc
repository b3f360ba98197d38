#include "upstream/guard/guarded_http_client.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "testing/fake_clock.h"
#include "upstream/upstream_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"

namespace leadgw::upstream {
namespace {

using ::testing::HasSubstr;

// Answers scripted results in order (the last one repeats) and counts the calls.
class ScriptedTransport final : public http::HttpClient {
 public:
  void Push(absl::StatusOr<http::HttpResponse> result) {
    std::lock_guard<std::mutex> lock(mu_);
    script_.push_back(std::move(result));
  }
  absl::StatusOr<http::HttpResponse> Send(const http::HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    last_timeout_ = request.timeout;
    if (script_.size() > 1) {
      auto result = std::move(script_.front());
      script_.pop_front();
      return result;
    }
    return script_.front();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::deque<absl::StatusOr<http::HttpResponse>> script_;
  int calls_ = 0;
  absl::Duration last_timeout_;
};

http::HttpResponse Answer(int status, std::string body = "{}") {
  http::HttpResponse response;
  response.status_code = status;
  response.body = std::move(body);
  return response;
}

UpstreamSettings Settings() {
  UpstreamSettings settings;
  settings.name = "conn";
  settings.limits.calls_per_window = 1000;
  settings.limits.window = absl::Seconds(1);
  settings.endpoint_timeouts = {{"get_lead", absl::Seconds(30)}};
  return settings;
}

class GuardedHttpClientTest : public ::testing::Test {
 protected:
  GuardedHttpClientTest() : families_(registry_) {}

  std::unique_ptr<GuardedHttpClient> Make(UpstreamSettings settings = Settings()) {
    GuardOptions options = GuardOptionsFor(settings);
    options.clock = &clock_;
    auto metrics = std::make_shared<ConnectionMetrics>(families_, settings, "hotprofile");
    return std::make_unique<GuardedHttpClient>(settings.name, transport_,
                                               std::make_shared<HttpStatusClassifier>(),
                                               metrics, options);
  }

  http::HttpRequest Request(bool idempotent = true) {
    http::HttpRequest request;
    request.method = http::HttpMethod::kPost;
    request.url = "http://127.0.0.1:1/x";
    request.endpoint = "get_lead";
    request.idempotent = idempotent;
    request.deadline = absl::Now() + absl::Seconds(60);
    request.timeout = absl::Seconds(30);
    return request;
  }

  std::string Scrape() { return registry_.Serialize(); }

  metrics::Registry registry_;
  UpstreamMetrics families_;
  testing_util::FakeClock clock_{absl::Now()};
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
};

TEST_F(GuardedHttpClientTest, SuccessPassesThroughAndIsCounted) {
  transport_->Push(Answer(200, "hello"));
  auto client = Make();
  auto response = client->Send(Request());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(transport_->calls(), 1);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_requests_total{backend=\"hotprofile\","
                                  "connection=\"conn\",endpoint=\"get_lead\",outcome=\"ok\"} 1"));
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_request_duration_seconds_count{connection="
                                  "\"conn\",endpoint=\"get_lead\"} 1"));
}

TEST_F(GuardedHttpClientTest, TransientServerErrorIsRetriedForIdempotentCalls) {
  transport_->Push(Answer(503));
  transport_->Push(Answer(200));
  auto client = Make();
  auto response = client->Send(Request());
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(transport_->calls(), 2);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_retries_total{connection=\"conn\",endpoint="
                                  "\"get_lead\",reason=\"server_error\"} 1"));
}

TEST_F(GuardedHttpClientTest, NonIdempotentWriteIsNotRetriedAfterServerError) {
  transport_->Push(Answer(500));
  auto client = Make();
  auto response = client->Send(Request(/*idempotent=*/false));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status_code, 500);
  EXPECT_EQ(transport_->calls(), 1);
}

TEST_F(GuardedHttpClientTest, RateLimitedWriteIsRetriedAfterRetryAfter) {
  http::HttpResponse limited = Answer(429);
  limited.headers = {{"retry-after", "2"}};
  transport_->Push(limited);
  transport_->Push(Answer(201));
  auto client = Make();
  const absl::Time before = clock_.Now();
  auto response = client->Send(Request(/*idempotent=*/false));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status_code, 201);
  EXPECT_GE(clock_.Now() - before, absl::Seconds(2));
  EXPECT_THAT(Scrape(),
              HasSubstr("leadgw_upstream_rate_limited_total{code=\"429\",connection=\"conn\"} 1"));
}

TEST_F(GuardedHttpClientTest, NeverSentRequestIsRetriedEvenWhenNotIdempotent) {
  absl::Status refused = absl::UnavailableError("connection refused");
  refused.SetPayload(http::kRequestNotSentPayloadUrl, absl::Cord("1"));
  transport_->Push(refused);
  transport_->Push(Answer(200));
  auto client = Make();
  auto response = client->Send(Request(/*idempotent=*/false));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(transport_->calls(), 2);
}

TEST_F(GuardedHttpClientTest, RetriesStopBeforeTheDeadline) {
  transport_->Push(Answer(503));
  auto client = Make();
  http::HttpRequest request = Request();
  request.deadline = absl::Now() + absl::Milliseconds(50);
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status_code, 503);
  EXPECT_LE(transport_->calls(), 4);
  EXPECT_LT(clock_.Now(), request.deadline);
}

TEST_F(GuardedHttpClientTest, BreakerOpensAndFailsFastWithoutSending) {
  UpstreamSettings settings = Settings();
  settings.breaker.failure_threshold = 3;
  settings.retry.max_attempts = 1;
  transport_->Push(absl::UnavailableError("reset"));
  auto client = Make(settings);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(client->Send(Request()).ok());
  EXPECT_EQ(client->breaker_state(), breaker::BreakerState::kOpen);
  const int sent = transport_->calls();
  auto rejected = client->Send(Request());
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(rejected.status().message()), HasSubstr("circuit open for conn"));
  EXPECT_TRUE(RetryAfter(rejected.status()).has_value());
  EXPECT_EQ(transport_->calls(), sent);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_circuit_state{connection=\"conn\"} 2"));
  EXPECT_THAT(Scrape(), HasSubstr("outcome=\"circuit_open\"} 1"));
}

TEST_F(GuardedHttpClientTest, TimeoutsCutShortByCallerDeadlinesDoNotOpenTheBreaker) {
  UpstreamSettings settings = Settings();
  settings.breaker.failure_threshold = 2;
  transport_->Push(absl::DeadlineExceededError("timed out"));
  auto client = Make(settings);
  for (int i = 0; i < 5; ++i) {
    http::HttpRequest request = Request();
    request.upstream_timeout = absl::Seconds(30);
    request.deadline = absl::Now() + absl::Milliseconds(40);  // the caller's, not the upstream's
    EXPECT_EQ(client->Send(request).status().code(), absl::StatusCode::kDeadlineExceeded);
  }
  EXPECT_EQ(client->breaker_state(), breaker::BreakerState::kClosed);
  // Timeouts at the endpoint's own timeout do count.
  for (int i = 0; i < 2; ++i) {
    http::HttpRequest request = Request();
    request.upstream_timeout = absl::Milliseconds(10);
    EXPECT_FALSE(client->Send(request).ok());
  }
  EXPECT_EQ(client->breaker_state(), breaker::BreakerState::kOpen);
}

TEST_F(GuardedHttpClientTest, NoCapacityBeforeTheDeadlineFailsAtOnceWithoutSending) {
  UpstreamSettings settings = Settings();
  settings.limits.calls_per_window = 2;
  settings.limits.window = absl::Seconds(10);
  transport_->Push(Answer(200));
  auto client = Make(settings);
  ASSERT_TRUE(client->Send(Request()).ok());
  ASSERT_TRUE(client->Send(Request()).ok());
  http::HttpRequest request = Request();
  request.deadline = absl::Now() + absl::Milliseconds(100);
  auto rejected = client->Send(request);
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(RetryAfter(rejected.status()).has_value());
  EXPECT_EQ(transport_->calls(), 2);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_quota_rejections_total{connection=\"conn\","
                                  "reason=\"rate_window\"} 1"));
  EXPECT_EQ(client->gate().Snapshot().window_calls, 2);
}

TEST_F(GuardedHttpClientTest, TimedOutCallKeepsItsConcurrencySlot) {
  UpstreamSettings settings = Settings();
  settings.limits.max_concurrent = 1;
  settings.retry.max_attempts = 1;
  transport_->Push(absl::DeadlineExceededError("timed out"));
  auto client = Make(settings);
  http::HttpRequest request = Request();
  request.upstream_timeout = absl::Seconds(30);
  EXPECT_EQ(client->Send(request).status().code(), absl::StatusCode::kDeadlineExceeded);
  // The abandoned call may run upstream for its 30 s endpoint timeout: no slot before then.
  request.deadline = absl::Now() + absl::Milliseconds(50);
  EXPECT_EQ(client->Send(request).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(transport_->calls(), 1);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_timeouts_total{connection=\"conn\","
                                  "endpoint=\"get_lead\"} 1"));
}

TEST_F(GuardedHttpClientTest, AuthReplayCountsAsRetry) {
  transport_->Push(Answer(200));
  auto client = Make();
  http::HttpRequest request = Request();
  request.auth_replay = true;
  ASSERT_TRUE(client->Send(request).ok());
  EXPECT_THAT(Scrape(), HasSubstr("reason=\"auth_refresh\"} 1"));
}

TEST_F(GuardedHttpClientTest, UnknownEndpointIsRecordedAsOther) {
  transport_->Push(Answer(200));
  auto client = Make();
  http::HttpRequest request = Request();
  request.endpoint = "not_in_the_table";
  ASSERT_TRUE(client->Send(request).ok());
  EXPECT_THAT(Scrape(), HasSubstr("endpoint=\"other\",outcome=\"ok\"} 1"));
}

}  // namespace
}  // namespace leadgw::upstream
