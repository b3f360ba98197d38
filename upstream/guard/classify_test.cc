#include "upstream/guard/classify.h"

#include "absl/strings/cord.h"
#include "gtest/gtest.h"
#include "upstream/http/http_client.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream {
namespace {

absl::Status WithOutcome(absl::StatusCode code, Outcome outcome,
                         absl::Duration wait = absl::ZeroDuration()) {
  absl::Status status(code, "answer");
  SetOutcome(status, outcome, wait);
  return status;
}

TEST(ClassifyTest, SuccessIsOk) {
  const Classification c = Classify(absl::OkStatus());
  EXPECT_EQ(c.outcome, Outcome::kOk);
  EXPECT_FALSE(c.verdict.retryable);
}

TEST(ClassifyTest, RateLimitedIsRetryableNotProcessedWithTheUpstreamsHint) {
  const Classification c = Classify(
      WithOutcome(absl::StatusCode::kResourceExhausted, Outcome::kRateLimited, absl::Seconds(7)));
  EXPECT_EQ(c.outcome, Outcome::kRateLimited);
  EXPECT_TRUE(c.verdict.retryable);
  EXPECT_TRUE(c.verdict.not_processed);
  EXPECT_EQ(c.verdict.reason, retry::RetryReason::kRateLimited);
  EXPECT_EQ(c.verdict.retry_after, absl::Seconds(7));
  EXPECT_TRUE(c.verdict.gated);  // the gate paces the retry
}

TEST(ClassifyTest, ServerErrorsAreRetryableButMayHaveRun) {
  const Classification c =
      Classify(WithOutcome(absl::StatusCode::kUnavailable, Outcome::kServerError));
  EXPECT_EQ(c.outcome, Outcome::kServerError);
  EXPECT_TRUE(c.verdict.retryable);
  EXPECT_FALSE(c.verdict.not_processed);
  EXPECT_EQ(c.verdict.retry_after, absl::ZeroDuration());
}

TEST(ClassifyTest, ClientAuthAndQuotaOutcomesAreFinal) {
  for (Outcome outcome : {Outcome::kAuthError, Outcome::kClientError, Outcome::kQuotaExhausted}) {
    const Classification c = Classify(WithOutcome(absl::StatusCode::kFailedPrecondition, outcome));
    EXPECT_EQ(c.outcome, outcome) << OutcomeName(outcome);
    EXPECT_FALSE(c.verdict.retryable) << OutcomeName(outcome);
  }
}

TEST(ClassifyTest, TransportErrorsWithoutOutcome) {
  const Classification timeout = Classify(absl::DeadlineExceededError("t"));
  EXPECT_EQ(timeout.outcome, Outcome::kTimeout);
  EXPECT_TRUE(timeout.verdict.retryable);
  EXPECT_FALSE(timeout.verdict.not_processed);

  absl::Status refused = absl::UnavailableError("refused");
  refused.SetPayload(http::kRequestNotSentPayloadUrl, absl::Cord("1"));
  const Classification not_sent = Classify(refused);
  EXPECT_EQ(not_sent.outcome, Outcome::kConnectionError);
  EXPECT_TRUE(not_sent.verdict.retryable);
  EXPECT_TRUE(not_sent.verdict.not_processed);

  EXPECT_EQ(Classify(absl::InvalidArgumentError("bad url")).outcome, Outcome::kClientError);
  EXPECT_FALSE(Classify(absl::InternalError("unreadable")).verdict.retryable);
}

TEST(OutcomeForHttpStatusTest, BackendIndependentReading) {
  EXPECT_EQ(OutcomeForHttpStatus(204), Outcome::kOk);
  EXPECT_EQ(OutcomeForHttpStatus(429), Outcome::kRateLimited);
  EXPECT_EQ(OutcomeForHttpStatus(401), Outcome::kAuthError);
  EXPECT_EQ(OutcomeForHttpStatus(403), Outcome::kAuthError);
  EXPECT_EQ(OutcomeForHttpStatus(408), Outcome::kServerError);
  EXPECT_EQ(OutcomeForHttpStatus(503), Outcome::kServerError);
  EXPECT_EQ(OutcomeForHttpStatus(422), Outcome::kClientError);
}

}  // namespace
}  // namespace leadgw::upstream
