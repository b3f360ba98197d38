#include "upstream/http/http_client.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/http_answers.h"
#include "testing/mock_http_client.h"
#include "testing/status_matchers.h"

namespace leadgw::upstream::http {
namespace {

using ::leadgw::testing_util::HttpAnswer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::MockHttpClient;
using ::leadgw::testing_util::StatusIs;
using ::testing::Field;
using ::testing::Return;

TEST(HttpResponseTest, HeaderFindsFirstMatchIgnoringCase) {
  HttpResponse response;
  response.headers = {
      {"content-type", "application/json"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}};
  EXPECT_EQ(response.Header("content-type"), "application/json");
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  EXPECT_EQ(response.Header("set-cookie"), "a=1");
  EXPECT_EQ(response.Header("retry-after"), std::nullopt);
}

TEST(HttpMethodNameTest, Names) {
  EXPECT_EQ(HttpMethodName(HttpMethod::kGet), "GET");
  EXPECT_EQ(HttpMethodName(HttpMethod::kPost), "POST");
  EXPECT_EQ(HttpMethodName(HttpMethod::kDelete), "DELETE");
}

TEST(RequestWasNotSentTest, ReadsPayload) {
  absl::Status not_sent = absl::UnavailableError("refused");
  not_sent.SetPayload(kRequestNotSentPayloadUrl, absl::Cord());
  EXPECT_TRUE(RequestWasNotSent(not_sent));
  EXPECT_FALSE(RequestWasNotSent(absl::UnavailableError("reset")));
  EXPECT_FALSE(RequestWasNotSent(absl::OkStatus()));
}

TEST(MockHttpClientTest, ScriptsResponsesThroughTheInterface) {
  MockHttpClient mock;
  EXPECT_CALL(mock, Send(Field(&HttpRequest::url, "http://h/x")))
      .WillOnce(Return(HttpAnswer(201, "{}")))
      .WillOnce(Return(absl::UnavailableError("down")));

  HttpClient& client = mock;
  HttpRequest request;
  request.url = "http://h/x";
  absl::StatusOr<HttpResponse> first = client.Send(request);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->status_code, 201);
  EXPECT_THAT(client.Send(request), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace leadgw::upstream::http
