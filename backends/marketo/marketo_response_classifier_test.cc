#include "backends/marketo/marketo_response_classifier.h"

#include <string>

#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

using upstream::Outcome;

absl::StatusOr<upstream::http::HttpResponse> Answer(int status, std::string body) {
  upstream::http::HttpResponse response;
  response.status_code = status;
  response.body = std::move(body);
  return response;
}

std::string Failure(const std::string& code) {
  return R"({"requestId":"a#1","success":false,"errors":[{"code":")" + code +
         R"(","message":"m"}]})";
}

const MarketoResponseClassifier kClassifier(absl::Seconds(20));

TEST(MarketoResponseClassifierTest, SuccessIsOkWithoutParsing) {
  const auto c = kClassifier.Classify(
      Answer(200, R"({"requestId":"a#1","result":[{"id":1}],"success":true})"), absl::Now());
  EXPECT_EQ(c.outcome, Outcome::kOk);
  EXPECT_FALSE(c.verdict.retryable);
}

TEST(MarketoResponseClassifierTest, RateLimitsAreRetryableAndNotProcessed) {
  for (const char* code : {"606", "615"}) {
    const auto c = kClassifier.Classify(Answer(200, Failure(code)), absl::Now());
    EXPECT_EQ(c.outcome, Outcome::kRateLimited) << code;
    EXPECT_TRUE(c.verdict.retryable);
    EXPECT_TRUE(c.verdict.not_processed);
    EXPECT_EQ(c.rate_limit_code, code);
    EXPECT_GT(c.verdict.retry_after, absl::ZeroDuration());
  }
  EXPECT_EQ(kClassifier.Classify(Answer(200, Failure("606")), absl::Now()).verdict.retry_after,
            absl::Seconds(2));
}

TEST(MarketoResponseClassifierTest, DailyQuotaIsFinal) {
  const auto c = kClassifier.Classify(Answer(200, Failure("607")), absl::Now());
  EXPECT_EQ(c.outcome, Outcome::kQuotaExhausted);
  EXPECT_FALSE(c.verdict.retryable);
  EXPECT_EQ(c.rate_limit_code, "607");
}

TEST(MarketoResponseClassifierTest, TransientUpstreamErrorsRetryOnlyIdempotentCalls) {
  for (const char* code : {"604", "608", "611", "713"}) {
    const auto c = kClassifier.Classify(Answer(200, Failure(code)), absl::Now());
    EXPECT_EQ(c.outcome, Outcome::kServerError) << code;
    EXPECT_TRUE(c.verdict.retryable);
    EXPECT_FALSE(c.verdict.not_processed);
  }
}

TEST(MarketoResponseClassifierTest, TokenAndRequestErrorsAreFinal) {
  EXPECT_EQ(kClassifier.Classify(Answer(200, Failure("601")), absl::Now()).outcome,
            Outcome::kAuthError);
  EXPECT_EQ(kClassifier.Classify(Answer(200, Failure("602")), absl::Now()).outcome,
            Outcome::kAuthError);
  const auto c = kClassifier.Classify(Answer(200, Failure("1003")), absl::Now());
  EXPECT_EQ(c.outcome, Outcome::kClientError);
  EXPECT_FALSE(c.verdict.retryable);
}

TEST(MarketoResponseClassifierTest, HttpAndTransportLayerComesFirst) {
  EXPECT_EQ(kClassifier.Classify(Answer(503, ""), absl::Now()).outcome, Outcome::kServerError);
  EXPECT_EQ(kClassifier.Classify(absl::DeadlineExceededError("slow"), absl::Now()).outcome,
            Outcome::kTimeout);
  EXPECT_EQ(kClassifier.Classify(Answer(200, "not json, \"success\":false"), absl::Now()).outcome,
            Outcome::kOk);
}

}  // namespace
}  // namespace leadgw::backends::marketo
