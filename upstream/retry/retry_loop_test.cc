#include "upstream/retry/retry_loop.h"

#include <string>
#include <utility>
#include <vector>

#include "upstream/retry/retry_budget.h"
#include "testing/fake_clock.h"
#include "gtest/gtest.h"

namespace leadgw::upstream::retry {
namespace {

using ::leadgw::testing_util::FakeClock;

// A fake upstream answer: transport OK, but `http_status` may still be an error, as an
// HTTP response carrying an error envelope would be.
struct Response {
  int http_status = 200;
  std::string body;
};

// A rate-limit answer whose retry the capacity gate paces (AttemptVerdict::gated).
constexpr int kGatedRateLimit = 420;

// The classifier a backend would supply.
AttemptVerdict Classify(const absl::StatusOr<Response>& result) {
  AttemptVerdict verdict;
  if (!result.ok()) {
    if (result.status().code() == absl::StatusCode::kUnavailable) {
      verdict.retryable = true;
      verdict.reason = RetryReason::kConnectionError;
      verdict.not_processed = true;  // connect failed: nothing was sent
    } else if (result.status().code() == absl::StatusCode::kDeadlineExceeded) {
      verdict.retryable = true;
      verdict.reason = RetryReason::kTimeout;
    }
    return verdict;
  }
  if (result->http_status == kGatedRateLimit) {
    verdict.retryable = true;
    verdict.not_processed = true;
    verdict.reason = RetryReason::kRateLimited;
    verdict.gated = true;
  } else if (result->http_status == 429) {
    verdict.retryable = true;
    verdict.not_processed = true;
    verdict.reason = RetryReason::kRateLimited;
    verdict.retry_after = absl::Seconds(3);
  } else if (result->http_status >= 500) {
    verdict.retryable = true;
    verdict.reason = RetryReason::kServerError;
  }
  return verdict;
}

// Answers from a script, one per attempt, and records the attempt numbers it saw.
class ScriptedUpstream {
 public:
  explicit ScriptedUpstream(std::vector<absl::StatusOr<Response>> script)
      : script_(std::move(script)) {}

  absl::StatusOr<Response> operator()(int attempt) {
    attempts_.push_back(attempt);
    if (attempts_.size() > script_.size()) return absl::InternalError("script exhausted");
    return script_[attempts_.size() - 1];
  }

  const std::vector<int>& attempts() const { return attempts_; }

 private:
  std::vector<absl::StatusOr<Response>> script_;
  std::vector<int> attempts_;
};

absl::StatusOr<Response> Http(int status) { return Response{status, "body"}; }

struct ObservedRetry {
  RetryReason reason;
  int attempt;
  absl::Duration delay;
};

class RecordingObserver : public RetryObserver {
 public:
  void OnRetry(RetryReason reason, int attempt, absl::Duration delay) override {
    retries.push_back({reason, attempt, delay});
  }
  void OnRetryDenied(RetryReason reason) override { denied.push_back(reason); }

  std::vector<ObservedRetry> retries;
  std::vector<RetryReason> denied;
};

class RetryLoopTest : public ::testing::Test {
 protected:
  // Runs the loop against `upstream` with this fixture's clock, budget and observer.
  absl::StatusOr<Response> Run(ScriptedUpstream& upstream, bool idempotent = true,
                               absl::Time deadline = absl::InfiniteFuture(),
                               RetryBudget* budget = nullptr) {
    return RetryLoop<Response>(
        options_, idempotent, deadline, clock_, budget, &observer_, /*jitter_seed=*/17,
        [&upstream](int attempt) { return upstream(attempt); }, Classify);
  }

  RetryOptions options_;
  FakeClock clock_;
  RecordingObserver observer_;
};

TEST(RetryReasonNameTest, Names) {
  EXPECT_EQ(RetryReasonName(RetryReason::kRateLimited), "rate_limited");
  EXPECT_EQ(RetryReasonName(RetryReason::kServerError), "server_error");
  EXPECT_EQ(RetryReasonName(RetryReason::kTimeout), "timeout");
  EXPECT_EQ(RetryReasonName(RetryReason::kConnectionError), "connection_error");
  EXPECT_EQ(RetryReasonName(RetryReason::kAuthRefresh), "auth_refresh");
}

TEST_F(RetryLoopTest, SuccessOnFirstAttemptDoesNotSleep) {
  ScriptedUpstream upstream({Http(200)});
  absl::StatusOr<Response> result = Run(upstream);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 200);
  EXPECT_EQ(upstream.attempts(), (std::vector<int>{1}));
  EXPECT_TRUE(clock_.sleeps().empty());
  EXPECT_TRUE(observer_.retries.empty());
}

TEST_F(RetryLoopTest, TransientThenSuccess) {
  ScriptedUpstream upstream({Http(503), absl::UnavailableError("connection refused"), Http(200)});
  absl::StatusOr<Response> result = Run(upstream);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 200);
  EXPECT_EQ(upstream.attempts(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(clock_.sleeps().size(), 2u);
}

TEST_F(RetryLoopTest, PermanentErrorIsNotRetried) {
  ScriptedUpstream upstream({Http(400), Http(200)});
  absl::StatusOr<Response> result = Run(upstream);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 400);  // the upstream's answer, unchanged
  EXPECT_EQ(upstream.attempts().size(), 1u);

  ScriptedUpstream failing({absl::PermissionDeniedError("bad key"), Http(200)});
  EXPECT_EQ(Run(failing).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(failing.attempts().size(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(RetryLoopTest, NonIdempotentIsNotRetriedAfterPossibleProcessing) {
  ScriptedUpstream server_error({Http(500), Http(200)});
  EXPECT_EQ(Run(server_error, /*idempotent=*/false)->http_status, 500);
  EXPECT_EQ(server_error.attempts().size(), 1u);

  ScriptedUpstream timeout({absl::DeadlineExceededError("read timeout"), Http(200)});
  EXPECT_EQ(Run(timeout, /*idempotent=*/false).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(timeout.attempts().size(), 1u);
  EXPECT_TRUE(observer_.retries.empty());
}

TEST_F(RetryLoopTest, NonIdempotentIsRetriedWhenNotProcessed) {
  ScriptedUpstream upstream({Http(429), absl::UnavailableError("connect failed"), Http(201)});
  absl::StatusOr<Response> result = Run(upstream, /*idempotent=*/false);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 201);
  EXPECT_EQ(upstream.attempts().size(), 3u);
}

TEST_F(RetryLoopTest, RetryAfterIsTheMinimumSleep) {
  options_.backoff.initial = absl::Milliseconds(10);  // backoff alone would be tiny
  ScriptedUpstream upstream({Http(429), Http(429), Http(200)});
  ASSERT_TRUE(Run(upstream).ok());
  ASSERT_EQ(clock_.sleeps().size(), 2u);
  for (absl::Duration sleep : clock_.sleeps()) EXPECT_GE(sleep, absl::Seconds(3));
}

TEST_F(RetryLoopTest, BackoffWinsOverASmallerRetryAfter) {
  options_.backoff.initial = absl::Seconds(100);
  options_.backoff.maximum = absl::Seconds(100);
  ScriptedUpstream upstream({Http(429), Http(200)});
  ASSERT_TRUE(Run(upstream).ok());
  ASSERT_EQ(clock_.sleeps().size(), 1u);
  // max(draw in [0, 100s], 3s): the recorded delay equals what the observer was told.
  EXPECT_GE(clock_.sleeps()[0], absl::Seconds(3));
  ASSERT_EQ(observer_.retries.size(), 1u);
  EXPECT_EQ(observer_.retries[0].delay, clock_.sleeps()[0]);
}

TEST_F(RetryLoopTest, StopsAtMaxAttemptsWithTheLastResult) {
  options_.max_attempts = 3;
  ScriptedUpstream upstream({Http(500), Http(502), Http(503), Http(200)});
  absl::StatusOr<Response> result = Run(upstream);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 503);
  EXPECT_EQ(upstream.attempts(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(clock_.sleeps().size(), 2u);  // no sleep after the last attempt
}

TEST_F(RetryLoopTest, MaxAttemptsBelowOneMeansOneAttempt) {
  options_.max_attempts = 0;
  ScriptedUpstream upstream({Http(500), Http(200)});
  EXPECT_EQ(Run(upstream)->http_status, 500);
  EXPECT_EQ(upstream.attempts().size(), 1u);
}

TEST_F(RetryLoopTest, NeverSleepsPastTheDeadline) {
  options_.max_attempts = 100;
  options_.backoff.initial = absl::Seconds(1);
  options_.backoff.maximum = absl::Seconds(1);
  const absl::Time start = clock_.Now();
  const absl::Time deadline = start + absl::Seconds(10);
  std::vector<absl::StatusOr<Response>> script(100, absl::UnavailableError("down"));
  script[99] = Http(200);
  ScriptedUpstream upstream(std::move(script));
  absl::StatusOr<Response> result = Run(upstream, true, deadline);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_GT(upstream.attempts().size(), 1u);
  EXPECT_LT(upstream.attempts().size(), 100u);
  EXPECT_LT(clock_.Now(), deadline);
  EXPECT_EQ(clock_.Now() - start, clock_.total_slept());
}

TEST_F(RetryLoopTest, RetryAfterBeyondTheDeadlineReturnsAtOnce) {
  ScriptedUpstream upstream({Http(429), Http(200)});
  absl::StatusOr<Response> result = Run(upstream, true, clock_.Now() + absl::Seconds(2));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 429);  // retry_after 3s > 2s left: no retry
  EXPECT_TRUE(clock_.sleeps().empty());
  EXPECT_TRUE(observer_.retries.empty());
}

TEST_F(RetryLoopTest, PassedDeadlineStillMakesOneAttempt) {
  ScriptedUpstream upstream({Http(503), Http(200)});
  EXPECT_EQ(Run(upstream, true, clock_.Now())->http_status, 503);
  EXPECT_EQ(upstream.attempts().size(), 1u);
}

TEST_F(RetryLoopTest, BudgetDenialStopsRetriesAndNotifies) {
  RetryBudgetOptions budget_options;
  budget_options.initial_balance = 1;
  budget_options.ratio = 0;
  RetryBudget budget(budget_options);
  ScriptedUpstream upstream({Http(500), Http(502), Http(200)});
  absl::StatusOr<Response> result = Run(upstream, true, absl::InfiniteFuture(), &budget);
  EXPECT_EQ(result->http_status, 502);
  EXPECT_EQ(upstream.attempts().size(), 2u);
  ASSERT_EQ(observer_.retries.size(), 1u);
  EXPECT_EQ(observer_.denied, (std::vector<RetryReason>{RetryReason::kServerError}));
}

TEST_F(RetryLoopTest, EveryCallDepositsOnceIntoTheBudget) {
  RetryBudgetOptions budget_options;
  budget_options.initial_balance = 0;
  budget_options.ratio = 0.5;
  RetryBudget budget(budget_options);
  ScriptedUpstream first({Http(200)});
  ScriptedUpstream second({Http(200)});
  ASSERT_TRUE(Run(first, true, absl::InfiniteFuture(), &budget).ok());
  ASSERT_TRUE(Run(second, true, absl::InfiniteFuture(), &budget).ok());
  EXPECT_DOUBLE_EQ(budget.balance(), 1.0);

  // A retry spends it; a non-retried result does not.
  ScriptedUpstream flaky({Http(503), Http(200)});
  EXPECT_EQ(Run(flaky, true, absl::InfiniteFuture(), &budget)->http_status, 200);
  EXPECT_DOUBLE_EQ(budget.balance(), 0.5);
}

TEST_F(RetryLoopTest, DeadlineRefusalCostsNoBudget) {
  RetryBudget budget;
  ScriptedUpstream upstream({Http(429), Http(200)});
  EXPECT_EQ(Run(upstream, true, clock_.Now() + absl::Seconds(1), &budget)->http_status, 429);
  EXPECT_DOUBLE_EQ(budget.balance(), 3.2);
  EXPECT_TRUE(observer_.denied.empty());
}

// A caller whose deadline allows waiting never sees a rate-limit answer because of
// max_attempts or an empty budget: the gate, not the loop, paces those retries.
TEST_F(RetryLoopTest, GatedRetriesSpendNeitherAttemptsNorBudget) {
  options_.max_attempts = 2;
  RetryBudgetOptions budget_options;
  budget_options.initial_balance = 0;
  budget_options.ratio = 0;
  RetryBudget budget(budget_options);
  ScriptedUpstream upstream({Http(kGatedRateLimit), Http(kGatedRateLimit),
                             Http(kGatedRateLimit), Http(kGatedRateLimit), Http(200)});
  absl::StatusOr<Response> result = Run(upstream, true, absl::InfiniteFuture(), &budget);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->http_status, 200);
  EXPECT_EQ(upstream.attempts().size(), 5u);
  EXPECT_TRUE(observer_.denied.empty());
}

TEST_F(RetryLoopTest, GatedRetriesAreStillBounded) {
  options_.max_attempts = 2;
  ScriptedUpstream upstream(
      std::vector<absl::StatusOr<Response>>(100, Http(kGatedRateLimit)));
  EXPECT_EQ(Run(upstream)->http_status, kGatedRateLimit);
  EXPECT_EQ(upstream.attempts().size(), static_cast<size_t>(2 + kMaxGatedRetries));
}

TEST_F(RetryLoopTest, OneAttemptMeansNoGatedRetryEither) {
  options_.max_attempts = 1;
  ScriptedUpstream upstream({Http(kGatedRateLimit), Http(200)});
  EXPECT_EQ(Run(upstream)->http_status, kGatedRateLimit);
  EXPECT_EQ(upstream.attempts().size(), 1u);
}

TEST_F(RetryLoopTest, ObserverSeesReasonsAttemptsAndDelays) {
  ScriptedUpstream upstream(
      {Http(429), absl::UnavailableError("reset"), absl::DeadlineExceededError("slow"), Http(200)});
  ASSERT_TRUE(Run(upstream).ok());
  ASSERT_EQ(observer_.retries.size(), 3u);
  EXPECT_EQ(observer_.retries[0].reason, RetryReason::kRateLimited);
  EXPECT_EQ(observer_.retries[1].reason, RetryReason::kConnectionError);
  EXPECT_EQ(observer_.retries[2].reason, RetryReason::kTimeout);
  std::vector<absl::Duration> delays;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(observer_.retries[i].attempt, i + 1);
    delays.push_back(observer_.retries[i].delay);
  }
  EXPECT_EQ(delays, clock_.sleeps());
  EXPECT_GE(delays[0], absl::Seconds(3));
  EXPECT_LE(delays[1], absl::Milliseconds(200));  // second backoff cap
  EXPECT_LE(delays[2], absl::Milliseconds(400));
  EXPECT_TRUE(observer_.denied.empty());
}

TEST_F(RetryLoopTest, SameSeedSameSleeps) {
  std::vector<absl::Duration> runs[2];
  for (auto& sleeps : runs) {
    FakeClock clock;
    ScriptedUpstream upstream({Http(500), Http(500), Http(500), Http(200)});
    absl::StatusOr<Response> result = RetryLoop<Response>(
        options_, true, absl::InfiniteFuture(), clock, nullptr, nullptr, 99,
        [&upstream](int attempt) { return upstream(attempt); }, Classify);
    EXPECT_EQ(result->http_status, 200);
    sleeps = clock.sleeps();
  }
  EXPECT_EQ(runs[0].size(), 3u);
  EXPECT_EQ(runs[0], runs[1]);
}

}  // namespace
}  // namespace leadgw::upstream::retry
