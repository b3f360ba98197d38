#include "upstream/guard/guarded_calls.h"

#include <string>

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/guard/guarded_calls_test_fixture.h"
#include "upstream/http/http_client.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream {
namespace {

using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using guard_testing::Answered;
using guard_testing::GuardedCallsTest;
using guard_testing::Settings;

TEST_F(GuardedCallsTest, SuccessIsCountedAndGetsTheEndpointTimeout) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  EXPECT_TRUE(Run(*guard, Spec()).ok());
  EXPECT_EQ(attempts_.calls(), 1);
  EXPECT_EQ(attempts_.last_timeout(), absl::Seconds(30));
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_requests_total{backend=\"vendor\","
                                  "connection=\"conn\",endpoint=\"get_lead\",outcome=\"ok\"} 1"));
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_request_duration_seconds_count{connection="
                                  "\"conn\",endpoint=\"get_lead\"} 1"));
}

TEST_F(GuardedCallsTest, CallReturnsTheLastAttemptsValue) {
  auto guard = Make();
  int attempts = 0;
  absl::StatusOr<std::string> value =
      guard->Call<std::string>(Spec(), [&](const Attempt&) -> absl::StatusOr<std::string> {
        if (++attempts == 1) return Answered(absl::StatusCode::kUnavailable, Outcome::kServerError, "503");
        return std::string("hello");
      });
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(*value, "hello");
  EXPECT_EQ(attempts, 2);
}

TEST_F(GuardedCallsTest, AttemptTimeoutIsCappedByTheDeadline) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Seconds(5);
  EXPECT_TRUE(Run(*guard, spec).ok());
  EXPECT_EQ(attempts_.last_timeout(), absl::Seconds(5));
}

TEST_F(GuardedCallsTest, NoAttemptAfterTheDeadline) {
  auto guard = Make();
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() - absl::Seconds(1);
  // The gate refuses a call whose deadline has passed (RESOURCE_EXHAUSTED, see Acquire).
  EXPECT_EQ(Run(*guard, spec).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(attempts_.calls(), 0);
}

TEST_F(GuardedCallsTest, TransientServerErrorIsRetriedForIdempotentCalls) {
  attempts_.Push(Answered(absl::StatusCode::kUnavailable, Outcome::kServerError, "503"));
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  EXPECT_TRUE(Run(*guard, Spec()).ok());
  EXPECT_EQ(attempts_.calls(), 2);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_retries_total{connection=\"conn\",endpoint="
                                  "\"get_lead\",reason=\"server_error\"} 1"));
}

TEST_F(GuardedCallsTest, NonIdempotentWriteIsNotRetriedAfterServerError) {
  attempts_.Push(Answered(absl::StatusCode::kUnavailable, Outcome::kServerError, "500"));
  auto guard = Make();
  EXPECT_EQ(Run(*guard, Spec(/*idempotent=*/false)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(attempts_.calls(), 1);
}

TEST_F(GuardedCallsTest, RateLimitedWriteIsRetriedAfterTheUpstreamsWait) {
  attempts_.Push(Answered(absl::StatusCode::kResourceExhausted, Outcome::kRateLimited, "429",
                          absl::Seconds(2)));
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  const absl::Time before = clock_.Now();
  EXPECT_TRUE(Run(*guard, Spec(/*idempotent=*/false)).ok());
  EXPECT_GE(clock_.Now() - before, absl::Seconds(2));
  EXPECT_THAT(Scrape(),
              HasSubstr("leadgw_upstream_rate_limited_total{code=\"429\",connection=\"conn\"} 1"));
}

// The last attempt was rate-limited (here: no retries allowed): the caller gets the
// gateway's own refusal, told to come back when the gate's pause ends, not the upstream's
// code.
TEST_F(GuardedCallsTest, RateLimitAnswerBecomesARefusalWithTheEndOfThePause) {
  UpstreamSettings settings = Settings();
  settings.retry.max_attempts = 1;
  attempts_.Push(Answered(absl::StatusCode::kResourceExhausted, Outcome::kRateLimited, "999"));
  auto guard = Make(settings);
  const absl::Status status = Run(*guard, Spec());
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kResourceExhausted,
                               HasSubstr("no upstream capacity before the deadline: the "
                                         "upstream answered rate-limited; retry after 1.02s")));
  EXPECT_FALSE(UpstreamCode(status).has_value());
  // No hint from the upstream: the pause is the 1 s window plus the 20 ms margin.
  EXPECT_EQ(RetryAfter(status), absl::Milliseconds(1020));
  EXPECT_THAT(Scrape(),
              HasSubstr("leadgw_upstream_rate_limited_total{code=\"999\",connection=\"conn\"} 1"));
}

TEST_F(GuardedCallsTest, NeverSentRequestIsRetriedEvenWhenNotIdempotent) {
  absl::Status refused = absl::UnavailableError("connection refused");
  refused.SetPayload(http::kRequestNotSentPayloadUrl, absl::Cord("1"));
  attempts_.Push(refused);
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  EXPECT_TRUE(Run(*guard, Spec(/*idempotent=*/false)).ok());
  EXPECT_EQ(attempts_.calls(), 2);
}

TEST_F(GuardedCallsTest, RetriesStopBeforeTheDeadline) {
  attempts_.Push(Answered(absl::StatusCode::kUnavailable, Outcome::kServerError, "503"));
  auto guard = Make();
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Milliseconds(50);
  EXPECT_EQ(Run(*guard, spec).code(), absl::StatusCode::kUnavailable);
  EXPECT_LE(attempts_.calls(), 4);
  EXPECT_LT(clock_.Now(), spec.deadline);
}

TEST_F(GuardedCallsTest, BreakerOpensAndFailsFastWithoutSending) {
  UpstreamSettings settings = Settings();
  settings.breaker.failure_threshold = 3;
  settings.retry.max_attempts = 1;
  attempts_.Push(absl::UnavailableError("reset"));
  auto guard = Make(settings);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(Run(*guard, Spec()).ok());
  EXPECT_EQ(guard->breaker_state(), breaker::BreakerState::kOpen);
  const int sent = attempts_.calls();
  const absl::Status rejected = Run(*guard, Spec());
  EXPECT_EQ(rejected.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(rejected.message()), HasSubstr("circuit open for conn"));
  EXPECT_TRUE(RetryAfter(rejected).has_value());
  EXPECT_EQ(attempts_.calls(), sent);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_circuit_state{connection=\"conn\"} 2"));
  EXPECT_THAT(Scrape(), HasSubstr("outcome=\"circuit_open\"} 1"));
}

TEST_F(GuardedCallsTest, TimeoutsCutShortByCallerDeadlinesDoNotOpenTheBreaker) {
  UpstreamSettings settings = Settings();
  settings.breaker.failure_threshold = 2;
  settings.endpoint_timeouts = {{"get_lead", absl::Seconds(30)},
                                {"short", absl::Milliseconds(10)}};
  attempts_.Push(absl::DeadlineExceededError("timed out"));
  auto guard = Make(settings);
  for (int i = 0; i < 5; ++i) {
    CallSpec spec = Spec();
    spec.deadline = clock_.Now() + absl::Milliseconds(40);  // the caller's, not the upstream's
    EXPECT_EQ(Run(*guard, spec).code(), absl::StatusCode::kDeadlineExceeded);
  }
  EXPECT_EQ(guard->breaker_state(), breaker::BreakerState::kClosed);
  // Timeouts at the endpoint's own timeout do count.
  for (int i = 0; i < 2; ++i) {
    CallSpec spec = Spec();
    spec.endpoint = "short";
    EXPECT_FALSE(Run(*guard, spec).ok());
  }
  EXPECT_EQ(guard->breaker_state(), breaker::BreakerState::kOpen);
}

TEST_F(GuardedCallsTest, NoCapacityBeforeTheDeadlineFailsAtOnceWithoutSending) {
  UpstreamSettings settings = Settings();
  settings.limits.calls_per_window = 2;
  settings.limits.window = absl::Seconds(10);
  attempts_.Push(absl::OkStatus());
  auto guard = Make(settings);
  ASSERT_TRUE(Run(*guard, Spec()).ok());
  ASSERT_TRUE(Run(*guard, Spec()).ok());
  CallSpec spec = Spec();
  spec.deadline = absl::Now() + absl::Milliseconds(100);
  const absl::Status rejected = Run(*guard, spec);
  EXPECT_EQ(rejected.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(RetryAfter(rejected).has_value());
  EXPECT_EQ(attempts_.calls(), 2);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_quota_rejections_total{caller=\"anonymous\",connection=\"conn\","
                                  "reason=\"rate_window\"} 1"));
  EXPECT_EQ(guard->gate().Snapshot().window_calls, 2);
}

TEST_F(GuardedCallsTest, TimedOutCallKeepsItsConcurrencySlot) {
  UpstreamSettings settings = Settings();
  settings.limits.max_concurrent = 1;
  settings.retry.max_attempts = 1;
  attempts_.Push(absl::DeadlineExceededError("timed out"));
  auto guard = Make(settings);
  EXPECT_EQ(Run(*guard, Spec()).code(), absl::StatusCode::kDeadlineExceeded);
  // The abandoned call may run upstream for its 30 s endpoint timeout: no slot before then.
  CallSpec spec = Spec();
  spec.deadline = absl::Now() + absl::Milliseconds(50);
  EXPECT_EQ(Run(*guard, spec).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(attempts_.calls(), 1);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_timeouts_total{connection=\"conn\","
                                  "endpoint=\"get_lead\"} 1"));
}

TEST_F(GuardedCallsTest, AuthReplayCountsAsRetry) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  CallSpec spec = Spec();
  spec.auth_replay = true;
  EXPECT_TRUE(Run(*guard, spec).ok());
  EXPECT_THAT(Scrape(), HasSubstr("reason=\"auth_refresh\"} 1"));
}

TEST_F(GuardedCallsTest, UnknownEndpointIsRecordedAsOther) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  CallSpec spec = Spec();
  spec.endpoint = "not_in_the_table";
  EXPECT_TRUE(Run(*guard, spec).ok());
  EXPECT_THAT(Scrape(), HasSubstr("endpoint=\"other\",outcome=\"ok\"} 1"));
}

TEST_F(GuardedCallsTest, ACancelledCallerIsNotSent) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make();
  const Cancellation gone([] { return true; });
  CallSpec spec = Spec();
  spec.cancellation = &gone;
  EXPECT_THAT(Run(*guard, spec), StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(attempts_.calls(), 0);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_cancelled_total{connection=\"conn\","
                                  "stage=\"before_send\"} 1"));
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_cancelled_total{connection=\"conn\","
                                  "stage=\"waiting\"} 0"));
}

TEST_F(GuardedCallsTest, ATransferAbortedForACancelledCallerIsNotRetried) {
  auto guard = Make();
  int sent = 0;
  EXPECT_THAT(guard->Run(Spec(),
                         [&](const Attempt&) {
                           ++sent;
                           clock_.Advance(absl::Milliseconds(100));
                           return absl::CancelledError("the transfer was aborted");
                         }),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(sent, 1);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_cancelled_total{connection=\"conn\","
                                  "stage=\"in_flight\"} 1"));
  // An aborted call says nothing about the upstream's latency.
  EXPECT_EQ(guard->latency().Expected("get_lead"), absl::ZeroDuration());
}

}  // namespace
}  // namespace leadgw::upstream
