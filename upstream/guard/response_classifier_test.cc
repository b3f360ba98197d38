#include "upstream/guard/response_classifier.h"

#include "gtest/gtest.h"

namespace leadgw::upstream {
namespace {

absl::StatusOr<http::HttpResponse> Answer(int status) {
  http::HttpResponse response;
  response.status_code = status;
  return response;
}

TEST(ClassifyHttpTest, SuccessIsOk) {
  const Classification c = ClassifyHttp(Answer(204), absl::Now());
  EXPECT_EQ(c.outcome, Outcome::kOk);
  EXPECT_FALSE(c.verdict.retryable);
}

TEST(ClassifyHttpTest, TooManyRequestsIsRateLimitedNotProcessedWithHint) {
  http::HttpResponse response;
  response.status_code = 429;
  response.headers = {{"retry-after", "7"}};
  const Classification c = ClassifyHttp(response, absl::Now());
  EXPECT_EQ(c.outcome, Outcome::kRateLimited);
  EXPECT_TRUE(c.verdict.retryable);
  EXPECT_TRUE(c.verdict.not_processed);
  EXPECT_EQ(c.verdict.retry_after, absl::Seconds(7));
  EXPECT_EQ(c.rate_limit_code, "429");
}

TEST(ClassifyHttpTest, ServerErrorsAreRetryableButMayHaveRun) {
  for (int status : {500, 502, 503, 504, 408}) {
    const Classification c = ClassifyHttp(Answer(status), absl::Now());
    EXPECT_EQ(c.outcome, Outcome::kServerError) << status;
    EXPECT_TRUE(c.verdict.retryable);
    EXPECT_FALSE(c.verdict.not_processed);
  }
}

TEST(ClassifyHttpTest, ClientAndAuthErrorsAreFinal) {
  EXPECT_EQ(ClassifyHttp(Answer(401), absl::Now()).outcome, Outcome::kAuthError);
  EXPECT_EQ(ClassifyHttp(Answer(403), absl::Now()).outcome, Outcome::kAuthError);
  EXPECT_EQ(ClassifyHttp(Answer(400), absl::Now()).outcome, Outcome::kClientError);
  EXPECT_FALSE(ClassifyHttp(Answer(422), absl::Now()).verdict.retryable);
}

TEST(ClassifyHttpTest, TransportErrors) {
  const Classification timeout = ClassifyHttp(absl::DeadlineExceededError("t"), absl::Now());
  EXPECT_EQ(timeout.outcome, Outcome::kTimeout);
  EXPECT_TRUE(timeout.verdict.retryable);
  EXPECT_FALSE(timeout.verdict.not_processed);

  absl::Status refused = absl::UnavailableError("refused");
  refused.SetPayload(http::kRequestNotSentPayloadUrl, absl::Cord("1"));
  const Classification not_sent = ClassifyHttp(refused, absl::Now());
  EXPECT_EQ(not_sent.outcome, Outcome::kConnectionError);
  EXPECT_TRUE(not_sent.verdict.not_processed);

  EXPECT_EQ(ClassifyHttp(absl::InvalidArgumentError("bad url"), absl::Now()).outcome,
            Outcome::kClientError);
}

}  // namespace
}  // namespace leadgw::upstream
