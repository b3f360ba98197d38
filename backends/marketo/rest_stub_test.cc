#include "backends/marketo/rest_stub.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "backends/marketo/settings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/mock_http_client.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Pair;
using upstream::http::HttpRequest;
using upstream::http::HttpResponse;

HttpResponse Answer(int status, std::string body) {
  HttpResponse response;
  response.status_code = status;
  response.body = std::move(body);
  return response;
}

HttpResponse ApiError(const char* code, const char* message) {
  return Answer(200, std::string(R"({"requestId":"req#1","success":false,"errors":[{"code":")") +
                         code + R"(","message":")" + message + R"("}]})");
}

const char kOk[] = R"({"requestId":"req#0","success":true,"result":[{"id":1}]})";

// Answers identity calls with tok-1, tok-2, ... and REST calls from a script.
class StubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.name = "mkto";
    settings_.base_url = "http://mkto.test";
    settings_.vendor =
        MarketoSettings{"http://mkto.test/identity", Secret("id"), Secret("secret")};
    settings_.endpoint_timeouts["sync_leads"] = absl::Seconds(90);
    ON_CALL(*http_, Send(_)).WillByDefault([this](const HttpRequest& request) {
      if (absl::StrContains(request.url, "/identity/oauth/token")) {
        ++identity_calls_;
        return absl::StatusOr<HttpResponse>(Answer(200, "{\"access_token\":\"tok-" +
                                                            std::to_string(identity_calls_) +
                                                            "\",\"expires_in\":3600}"));
      }
      sent_.push_back(request);
      if (script_.empty()) return absl::StatusOr<HttpResponse>(Answer(200, kOk));
      absl::StatusOr<HttpResponse> next = script_.front();
      script_.pop_front();
      return next;
    });
    EXPECT_CALL(*http_, Send(_)).Times(::testing::AnyNumber());
    tokens_ = std::make_shared<TokenProvider>(settings_, http_);
    stub_ = std::make_unique<MarketoRestStub>(settings_, http_, tokens_);
  }

  absl::StatusOr<Envelope> Get(std::vector<std::pair<std::string, std::string>> query = {}) {
    MarketoCall call;
    call.endpoint = "get_leads_by_filter";
    call.path = "/rest/v1/leads.json";
    call.query = std::move(query);
    return stub_->Call(call, absl::InfiniteFuture());
  }

  ConnectionSettings settings_;
  std::shared_ptr<testing_util::MockHttpClient> http_ =
      std::make_shared<::testing::NiceMock<testing_util::MockHttpClient>>();
  std::shared_ptr<TokenProvider> tokens_;
  std::unique_ptr<MarketoRestStub> stub_;
  std::deque<absl::StatusOr<HttpResponse>> script_;
  std::vector<HttpRequest> sent_;
  int identity_calls_ = 0;
};

TEST_F(StubTest, GetSendsBearerTokenAndQuery) {
  absl::StatusOr<Envelope> envelope = Get({{"filterType", "email"}, {"filterValues", "a@b.c"}});
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_EQ(envelope->request_id, "req#0");
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].method, upstream::http::HttpMethod::kGet);
  EXPECT_EQ(sent_[0].url,
            "http://mkto.test/rest/v1/leads.json?filterType=email&filterValues=a%40b.c");
  EXPECT_THAT(sent_[0].headers, ::testing::Contains(Pair("Authorization", "Bearer tok-1")));
  EXPECT_EQ(sent_[0].timeout, absl::Seconds(30));  // default for an unlisted endpoint
}

TEST_F(StubTest, PostSendsJsonWithEndpointTimeoutCappedByDeadline) {
  MarketoCall call;
  call.method = upstream::http::HttpMethod::kPost;
  call.endpoint = "sync_leads";
  call.path = "/rest/v1/leads.json";
  call.json_body = R"({"input":[]})";
  ASSERT_TRUE(stub_->Call(call, absl::InfiniteFuture()).ok());
  ASSERT_TRUE(stub_->Call(call, absl::Now() + absl::Seconds(5)).ok());
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_EQ(sent_[0].method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(sent_[0].body, R"({"input":[]})");
  EXPECT_THAT(sent_[0].headers, ::testing::Contains(Pair("Content-Type", "application/json")));
  EXPECT_EQ(sent_[0].timeout, absl::Seconds(90));
  EXPECT_LE(sent_[1].timeout, absl::Seconds(5));
  EXPECT_GT(sent_[1].timeout, absl::Seconds(4));
}

TEST_F(StubTest, LongGetBecomesPostWithMethodOverride) {
  std::string values;
  for (int i = 0; i < 300; ++i) values += "someone" + std::to_string(i) + "@example.com,";
  ASSERT_TRUE(Get({{"filterType", "email"}, {"filterValues", values}}).ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(sent_[0].url, "http://mkto.test/rest/v1/leads.json?_method=GET");
  EXPECT_THAT(sent_[0].headers,
              ::testing::Contains(Pair("Content-Type", "application/x-www-form-urlencoded")));
  EXPECT_TRUE(absl::StartsWith(sent_[0].body, "filterType=email&filterValues=someone0%40"));
}

TEST_F(StubTest, ExpiredTokenIsRefreshedOnceAndTheCallReplayed) {
  script_.push_back(ApiError("602", "Access token expired"));
  absl::StatusOr<Envelope> envelope = Get();
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_THAT(sent_[1].headers, ::testing::Contains(Pair("Authorization", "Bearer tok-2")));
  EXPECT_EQ(identity_calls_, 2);
}

TEST_F(StubTest, SecondTokenRejectionIsUnauthenticated) {
  script_.push_back(ApiError("601", "Access token invalid"));
  script_.push_back(ApiError("601", "Access token invalid"));
  absl::Status status = Get().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(upstream::UpstreamCode(status), "601");
  EXPECT_EQ(sent_.size(), 2u);
}

TEST_F(StubTest, SuccessFalseIsAnErrorWithUpstreamCodeAndRequestId) {
  script_.push_back(ApiError("1003", "Too many results match the filter"));
  absl::Status status = Get().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(upstream::UpstreamCode(status), "1003");
  EXPECT_THAT(std::string(status.message()), HasSubstr("requestId req#1"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("get_leads_by_filter"));
}

TEST_F(StubTest, RateLimitTellsTheGuardToWaitOutTheWindow) {
  script_.push_back(ApiError("606", "Max rate limit '100' exceeded with in '20' secs"));
  absl::Status status = Get().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(upstream::OutcomeOf(status), upstream::Outcome::kRateLimited);
  // No hint: the guard's gate then pauses a whole window and adds the caller's hint.
  EXPECT_EQ(upstream::UpstreamWait(status), absl::ZeroDuration());
}

TEST_F(StubTest, HttpServerErrorIsUnavailable) {
  script_.push_back(Answer(503, "503 Service Unavailable"));
  absl::Status status = Get().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(upstream::UpstreamCode(status), "503");
}

TEST_F(StubTest, MalformedAnswerIsInternal) {
  script_.push_back(Answer(200, "<html>oops</html>"));
  script_.push_back(Answer(200, R"({"requestId":"r"})"));
  script_.push_back(Answer(200, R"({"requestId":"r","success":true,"result":"x"})"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Get().status().code(), absl::StatusCode::kInternal) << i;
  }
}

TEST_F(StubTest, TransportErrorKeepsCodeAndPayloads) {
  absl::Status refused = absl::UnavailableError("connect failed: GET http://mkto.test/rest");
  refused.SetPayload(upstream::http::kRequestNotSentPayloadUrl, absl::Cord());
  script_.push_back(refused);
  absl::Status status = Get().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(upstream::http::RequestWasNotSent(status));
  EXPECT_THAT(std::string(status.message()), HasSubstr("marketo get_leads_by_filter: "));
}

TEST_F(StubTest, PastDeadlineSendsNothing) {
  MarketoCall call;
  call.endpoint = "get_lead";
  call.path = "/rest/v1/lead/1.json";
  // The token is fetched first (cached for later calls); the REST call is not sent.
  ASSERT_TRUE(tokens_->GetToken(absl::InfiniteFuture()).ok());
  EXPECT_EQ(stub_->Call(call, absl::Now() - absl::Seconds(1)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(sent_.empty());
}

}  // namespace
}  // namespace leadgw::backends::marketo
