#include "backends/hotprofile/rest_stub.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "backends/hotprofile/settings.h"
#include "upstream/http/http_client.h"
#include "testing/fake_clock.h"
#include "testing/mock_http_client.h"
#include "upstream/guard/direct_calls.h"
#include "upstream/upstream_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::hotprofile {
namespace {

using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;

constexpr char kKey[] = "k3y/with+specials";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

ConnectionSettings Settings() {
  ConnectionSettings settings;
  settings.name = "hp-test";
  settings.kind = ::leadgateway::v1::BACKEND_KIND_HOTPROFILE;
  settings.base_url = "http://127.0.0.1:9";
  settings.vendor = HotProfileSettings{Secret(kKey)};
  settings.limits.window = absl::Seconds(60);
  settings.endpoint_timeouts["leads_search"] = absl::Seconds(12);
  return settings;
}

upstream::http::HttpResponse Response(int status, std::string body) {
  upstream::http::HttpResponse response;
  response.status_code = status;
  response.body = std::move(body);
  return response;
}

class RestStubTest : public ::testing::Test {
 protected:
  RestStubTest()
      : client_(std::make_shared<testing_util::MockHttpClient>()),
        stub_(Settings(), client_, std::make_shared<upstream::DirectCalls>(Settings(), clock_),
              [] { return kNow; }) {}

  CallContext Context(absl::Duration left = absl::Seconds(300)) {
    CallContext ctx;
    ctx.deadline = kNow + left;
    return ctx;
  }

  HotProfileCall Call() {
    return MakeCall(ObjectKind::kLead, Action::kSearch, {{"search[family_name]", "山田"}});
  }

  absl::Status ErrorFor(upstream::http::HttpResponse response) {
    EXPECT_CALL(*client_, Send(_)).WillOnce(Return(response));
    absl::StatusOr<std::string> body = stub_.Call(Call(), Context());
    EXPECT_FALSE(body.ok());
    return body.status();
  }

  testing_util::FakeClock clock_{kNow};
  std::shared_ptr<testing_util::MockHttpClient> client_;
  HotProfileRestStub stub_;
};

TEST_F(RestStubTest, PostsParametersInTheQueryWithTheKey) {
  upstream::http::HttpRequest sent;
  EXPECT_CALL(*client_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Response(200, "{}"))));
  absl::StatusOr<std::string> body = stub_.Call(Call(), Context());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, "{}");
  EXPECT_EQ(sent.method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(sent.url,
            "http://127.0.0.1:9/rest_api/v1/leads/get_entry_list_flow?api_key=k3y%2Fwith%2Bspecials"
            "&search%5Bfamily_name%5D=%E5%B1%B1%E7%94%B0");
  EXPECT_EQ(sent.body, "");
  EXPECT_EQ(sent.timeout, absl::Seconds(12));  // the endpoint's own timeout
}

TEST_F(RestStubTest, LongParameterSetsMoveToAFormBody) {
  upstream::http::HttpRequest sent;
  EXPECT_CALL(*client_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Response(200, "{}"))));
  std::string note;
  for (int i = 0; i < 3000; ++i) note += "メ";  // ~27 KB percent-encoded
  HotProfileCall call =
      MakeCall(ObjectKind::kLead, Action::kCreate, {{"family_name", "山田"}, {"note", note}});
  ASSERT_TRUE(stub_.Call(call, Context()).ok());
  EXPECT_EQ(sent.url, "http://127.0.0.1:9/rest_api/v1/leads/create?api_key=k3y%2Fwith%2Bspecials");
  EXPECT_LE(sent.url.size(), HotProfileRestStub::kMaxUrlBytes);
  EXPECT_TRUE(absl::StartsWith(sent.body, "family_name=%E5%B1%B1%E7%94%B0&note=%E3%83%A1"));
  EXPECT_THAT(sent.body, Not(HasSubstr("api_key")));
  ASSERT_EQ(sent.headers.size(), 2u);
  EXPECT_EQ(sent.headers[1].second, "application/x-www-form-urlencoded");
}

TEST_F(RestStubTest, TimeoutIsCappedByTheDeadline) {
  upstream::http::HttpRequest sent;
  EXPECT_CALL(*client_, Send(_)).WillOnce(DoAll(SaveArg<0>(&sent), Return(Response(200, "{}"))));
  ASSERT_TRUE(stub_.Call(Call(), Context(absl::Milliseconds(1500))).ok());
  EXPECT_EQ(sent.timeout, absl::Milliseconds(1500));
}

TEST_F(RestStubTest, NoTimeLeftSendsNothing) {
  EXPECT_CALL(*client_, Send(_)).Times(0);
  absl::StatusOr<std::string> body = stub_.Call(Call(), Context(absl::ZeroDuration()));
  EXPECT_EQ(body.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(RestStubTest, BadRequestCarriesHotProfilesMessages) {
  absl::Status status = ErrorFor(
      Response(400, R"({"errors": [{"field": "page[number]", "message": "must be at least 1"}]})"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "hotprofile 400: leads_search: rejected the request: page[number]: must be at least 1");
  EXPECT_EQ(upstream::UpstreamCode(status), "400");
  EXPECT_EQ(upstream::UpstreamBackend(status), "hotprofile");
}

TEST_F(RestStubTest, UnauthorizedNeverShowsTheKey) {
  absl::Status status = ErrorFor(Response(
      401,
      std::string(R"({"errors": [{"field": "api_key", "message": "bad key )") + kKey + R"("}]})"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(status.message(),
            "hotprofile 401: hotprofile rejected the API key of connection 'hp-test'");
}

TEST_F(RestStubTest, UpstreamTextEchoingTheKeyIsRedacted) {
  absl::Status status = ErrorFor(Response(
      400, std::string(R"({"errors": [{"field": "x", "message": "bad )") + kKey + R"("}]})"));
  EXPECT_THAT(status.message(), Not(HasSubstr(kKey)));
  EXPECT_THAT(status.message(), HasSubstr("[redacted]"));
}

TEST_F(RestStubTest, RateLimitCarriesTheRetryHint) {
  upstream::http::HttpResponse response = Response(429, R"({"errors": [{"field": null, "message": "x"}]})");
  response.headers.emplace_back("retry-after", "17");
  absl::Status status = ErrorFor(response);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(upstream::RetryAfter(status), absl::Seconds(17));
  EXPECT_EQ(upstream::UpstreamCode(status), "429");
  EXPECT_THAT(status.message(), HasSubstr("rate limit exceeded"));

  response.headers = {{"retry-after", "Tue, 14 Nov 2023 22:13:40 GMT"}};  // kNow + 20 s
  EXPECT_EQ(upstream::RetryAfter(ErrorFor(response)), absl::Seconds(20));
  response.headers.clear();  // no hint: the connection's window
  EXPECT_EQ(upstream::RetryAfter(ErrorFor(response)), absl::Seconds(60));
}

TEST_F(RestStubTest, StatusMapping) {
  struct Case {
    int http;
    absl::StatusCode code;
  };
  const Case cases[] = {
      {403, absl::StatusCode::kPermissionDenied},   {404, absl::StatusCode::kNotFound},
      {422, absl::StatusCode::kFailedPrecondition}, {408, absl::StatusCode::kUnavailable},
      {500, absl::StatusCode::kUnavailable},        {503, absl::StatusCode::kUnavailable},
      {414, absl::StatusCode::kFailedPrecondition}, {302, absl::StatusCode::kFailedPrecondition},
  };
  for (const Case& c : cases) {
    absl::Status status = ErrorFor(Response(c.http, "<html>oops</html>"));
    EXPECT_EQ(status.code(), c.code) << c.http;
    EXPECT_EQ(upstream::UpstreamCode(status), std::to_string(c.http));
    EXPECT_THAT(status.message(), Not(HasSubstr("oops")));  // non-JSON bodies are not quoted
  }
}

TEST_F(RestStubTest, TransportErrorsKeepTheirCodeAndPayloads) {
  absl::Status transport = absl::UnavailableError("POST http://127.0.0.1:9/rest_api/v1/x: refused");
  transport.SetPayload(upstream::http::kRequestNotSentPayloadUrl, absl::Cord("1"));
  EXPECT_CALL(*client_, Send(_)).WillOnce(Return(transport));
  absl::StatusOr<std::string> body = stub_.Call(Call(), Context());
  EXPECT_EQ(body.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(upstream::http::RequestWasNotSent(body.status()));
  EXPECT_THAT(body.status().message(), HasSubstr("hotprofile leads_search: POST"));
  EXPECT_FALSE(upstream::UpstreamCode(body.status()).has_value());
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
