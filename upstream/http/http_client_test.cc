#include "upstream/http/http_client.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "testing/mock_http_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::upstream::http {
namespace {

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
}

TEST(RequestWasNotSentTest, ReadsPayload) {
  absl::Status not_sent = absl::UnavailableError("refused");
  not_sent.SetPayload(kRequestNotSentPayloadUrl, absl::Cord());
  EXPECT_TRUE(RequestWasNotSent(not_sent));
  EXPECT_FALSE(RequestWasNotSent(absl::UnavailableError("reset")));
  EXPECT_FALSE(RequestWasNotSent(absl::OkStatus()));
}

TEST(MockHttpClientTest, ScriptsResponsesThroughTheInterface) {
  testing_util::MockHttpClient mock;
  HttpResponse canned;
  canned.status_code = 201;
  canned.body = "{}";
  EXPECT_CALL(mock, Send(Field(&HttpRequest::url, "http://h/x")))
      .WillOnce(Return(canned))
      .WillOnce(Return(absl::UnavailableError("down")));

  HttpClient& client = mock;
  HttpRequest request;
  request.url = "http://h/x";
  absl::StatusOr<HttpResponse> first = client.Send(request);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status_code, 201);
  EXPECT_EQ(client.Send(request).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace leadgw::upstream::http
