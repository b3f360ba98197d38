#include "jobs/attempt_verdict.h"

#include "gtest/gtest.h"
#include "upstream/upstream_error.h"

namespace leadgw::jobs {
namespace {

namespace v1 = ::leadgateway::v1;
using Action = AttemptVerdict::Action;

TEST(JudgeFailureTest, ASpentQuotaParksUntilTheHintedReset) {
  absl::Status quota = upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "vendor",
                                               "quota", "Daily quota reached");
  upstream::SetOutcome(quota, upstream::Outcome::kQuotaExhausted);
  upstream::SetRetryAfter(quota, absl::Hours(3));
  const AttemptVerdict verdict = JudgeFailure(quota);
  EXPECT_EQ(verdict.action, Action::kPark);
  EXPECT_EQ(verdict.wait, absl::Hours(3));
  EXPECT_FALSE(verdict.maybe_sent);
}

TEST(JudgeFailureTest, RateLimitsAndRefusalsRetryAndWereNotSent) {
  absl::Status refused = absl::ResourceExhaustedError("no upstream capacity before the deadline");
  upstream::SetRetryAfter(refused, absl::Seconds(4));
  const AttemptVerdict verdict = JudgeFailure(refused);
  EXPECT_EQ(verdict.action, Action::kRetry);
  EXPECT_EQ(verdict.wait, absl::Seconds(4));
  EXPECT_FALSE(verdict.maybe_sent);
  EXPECT_FALSE(JudgeFailure(absl::UnauthenticatedError("bad credentials")).maybe_sent);
}

TEST(JudgeFailureTest, TimeoutsAndServerErrorsRetryAndMayHaveBeenWritten) {
  for (const absl::Status& status :
       {absl::DeadlineExceededError("timed out"), absl::UnavailableError("503"),
        absl::CancelledError("stopping"), absl::InternalError("malformed answer")}) {
    const AttemptVerdict verdict = JudgeFailure(status);
    EXPECT_EQ(verdict.action, Action::kRetry) << status;
    EXPECT_TRUE(verdict.maybe_sent) << status;
  }
}

TEST(JudgeFailureTest, RequestsTheUpstreamRejectsFailForGood) {
  for (const absl::Status& status :
       {absl::InvalidArgumentError("1003"), absl::NotFoundError("no such list"),
        absl::FailedPreconditionError("too many"), absl::UnimplementedError("not this backend")}) {
    const AttemptVerdict verdict = JudgeFailure(status);
    EXPECT_EQ(verdict.action, Action::kTerminal) << status;
    EXPECT_FALSE(verdict.maybe_sent) << status;
  }
}

v1::RecordResult Failed(const std::string& code) {
  v1::RecordResult result;
  result.set_status(v1::RECORD_STATUS_FAILED);
  result.add_reasons()->set_code(code);
  return result;
}

TEST(IsTransientRecordFailureTest, ReadsTheReasonCode) {
  bool maybe_sent = true;
  EXPECT_TRUE(IsTransientRecordFailure(Failed("gateway.not_attempted"), &maybe_sent));
  EXPECT_FALSE(maybe_sent);
  EXPECT_TRUE(IsTransientRecordFailure(Failed("429"), &maybe_sent));
  EXPECT_FALSE(maybe_sent);
  EXPECT_TRUE(IsTransientRecordFailure(Failed("gateway.deadline_exceeded"), &maybe_sent));
  EXPECT_TRUE(maybe_sent);
  EXPECT_TRUE(IsTransientRecordFailure(Failed("503"), &maybe_sent));
  EXPECT_TRUE(maybe_sent);
  EXPECT_TRUE(IsTransientRecordFailure(Failed("500"), &maybe_sent));
  EXPECT_TRUE(maybe_sent);
  // Record-level rejections are final.
  EXPECT_FALSE(IsTransientRecordFailure(Failed("1006"), &maybe_sent));
  EXPECT_FALSE(IsTransientRecordFailure(Failed("422"), &maybe_sent));
  EXPECT_FALSE(IsTransientRecordFailure(Failed("gateway.invalid_field"), &maybe_sent));
  v1::RecordResult created;
  created.set_status(v1::RECORD_STATUS_CREATED);
  EXPECT_FALSE(IsTransientRecordFailure(created, &maybe_sent));
}

}  // namespace
}  // namespace leadgw::jobs
