// GuardedCalls and the upstream's limits: no call sent without time to finish, what a
// rate-limit answer teaches the gate, and retries the gate paces.
#include <future>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/guard/guarded_calls_test_fixture.h"

namespace leadgw::upstream::guard_testing {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

TEST_F(GuardedCallsTest, DeadlineShorterThanTheExpectedLatencyIsNotSent) {
  auto guard = Make();
  ASSERT_THAT(guard->Run(Spec(), Taking(clock_, absl::Milliseconds(200), absl::OkStatus())),
              IsOk());
  EXPECT_EQ(guard->latency().Expected("get_lead"), absl::Milliseconds(200));
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Milliseconds(150);
  int sent = 0;
  const absl::Status refused = guard->Run(spec, [&](const Attempt&) {
    ++sent;
    return absl::OkStatus();
  });
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kDeadlineExceeded,
                                HasSubstr("usually takes")));
  EXPECT_EQ(sent, 0);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_quota_rejections_total{caller=\"anonymous\",connection=\"conn\","
                                  "reason=\"deadline\"} 1"));
}

// Under 3x demand the gate used to hand out slots just before callers' deadlines: each
// such call spent quota and then timed out. A slot that leaves less than the expected
// latency is refused at once instead.
TEST_F(GuardedCallsTest, SlotTooLateToFinishIsRefusedAtOnce) {
  UpstreamSettings settings = Settings();
  settings.limits.calls_per_window = 1;
  settings.limits.window = absl::Seconds(10);
  auto guard = Make(settings, /*fake_gate_clock=*/true);
  ASSERT_THAT(guard->Run(Spec(), Taking(clock_, absl::Milliseconds(200), absl::OkStatus())),
              IsOk());
  // The slot frees 10.1 s (window + margin) after the first answer: inside this deadline,
  // but with less than the 200 ms the call needs.
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Seconds(10) + absl::Milliseconds(150);
  const absl::Status refused = Run(*guard, spec);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_TRUE(RetryAfter(refused).has_value());
  EXPECT_EQ(attempts_.calls(), 0);
}

// A caller who must wait keeps what a call almost surely takes (the mean plus four
// deviations: 600 ms after one 200 ms answer), not the mean alone, with which it would
// have about even odds of running past its deadline.
TEST_F(GuardedCallsTest, AWaitingCallerKeepsTheLatencyAlmostSurelyNeeded) {
  UpstreamSettings settings = Settings();
  settings.limits.calls_per_window = 1;
  settings.limits.window = absl::Seconds(10);
  auto guard = Make(settings, /*fake_gate_clock=*/true);
  ASSERT_THAT(guard->Run(Spec(), Taking(clock_, absl::Milliseconds(200), absl::OkStatus())),
              IsOk());
  EXPECT_EQ(guard->latency().Needed("get_lead"), absl::Milliseconds(600));
  // The slot frees 10.1 s after the first answer; this deadline leaves 400 ms after it.
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Seconds(10) + absl::Milliseconds(500);
  EXPECT_THAT(Run(*guard, spec), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(attempts_.calls(), 0);
}

// A caller who finds a slot free goes with the mean left: the wider margin is for waiting.
TEST_F(GuardedCallsTest, AFreeSlotNeedsOnlyTheExpectedLatency) {
  attempts_.Push(absl::OkStatus());
  auto guard = Make(Settings(), /*fake_gate_clock=*/true);
  ASSERT_THAT(guard->Run(Spec(), Taking(clock_, absl::Milliseconds(200), absl::OkStatus())),
              IsOk());
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Milliseconds(300);
  EXPECT_THAT(Run(*guard, spec), IsOk());
  EXPECT_EQ(attempts_.calls(), 1);
}

// Woken after its deadline left too little (a busy machine wakes waiters late): the slot
// is spent, the call is not sent, and the caller is told when to come back.
TEST_F(GuardedCallsTest, AWaiterWokenTooLateIsNotSent) {
  UpstreamSettings settings = Settings();
  settings.limits.max_concurrent = 1;
  auto guard = Make(settings);  // the gate waits in real time; the guard reads clock_
  ASSERT_THAT(guard->Run(Spec(), Taking(clock_, absl::Milliseconds(200), absl::OkStatus())),
              IsOk());
  attempts_.Push(absl::OkStatus());
  std::promise<void> holder_sent;
  std::promise<void> release_holder;
  std::thread holder([&] {
    EXPECT_THAT(guard->Run(Spec(), [&](const Attempt&) {
      holder_sent.set_value();
      release_holder.get_future().wait();
      return absl::OkStatus();
    }), IsOk());
  });
  holder_sent.get_future().wait();
  CallSpec spec = Spec();
  std::thread release([&] {
    while (guard->gate().Snapshot().waiting == 0) absl::SleepFor(absl::Milliseconds(1));
    clock_.Set(spec.deadline - absl::Milliseconds(100));
    release_holder.set_value();
  });
  const absl::Status refused = Run(*guard, spec);
  release.join();
  holder.join();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("the wait for a slot left less than")));
  EXPECT_TRUE(RetryAfter(refused).has_value());
  EXPECT_EQ(attempts_.calls(), 0);
}

TEST_F(GuardedCallsTest, RateLimitAnswerWithoutHintPausesAWindowAndHalvesTheShare) {
  UpstreamSettings settings = Settings();
  settings.limits.calls_per_window = 10;
  settings.limits.window = absl::Seconds(10);
  settings.retry.max_attempts = 1;
  attempts_.Push(Answered(absl::StatusCode::kResourceExhausted, Outcome::kRateLimited, "999"));
  auto guard = Make(settings, /*fake_gate_clock=*/true);
  EXPECT_THAT(Run(*guard, Spec()), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(guard->gate().Snapshot().window_limit, 5);
  EXPECT_EQ(guard->gate().Snapshot().configured_window_limit, 10);
  // Nothing goes out for the whole window: a caller who cannot wait that long is refused
  // at once, and told when the pause ends.
  CallSpec spec = Spec();
  spec.deadline = clock_.Now() + absl::Seconds(9);
  const absl::Status refused = Run(*guard, spec);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("the upstream answered rate-limited")));
  ASSERT_TRUE(RetryAfter(refused).has_value());
  EXPECT_GE(*RetryAfter(refused), absl::Seconds(10));
  EXPECT_EQ(attempts_.calls(), 1);
}

// Rate-limit answers neither spend the retry budget nor count against max_attempts: a
// caller whose deadline allows the wait gets its answer, not the limit.
TEST_F(GuardedCallsTest, RateLimitedCallIsRetriedUntilAdmittedWithinTheDeadline) {
  UpstreamSettings settings = Settings();
  settings.retry.max_attempts = 2;
  for (int i = 0; i < 5; ++i) {
    attempts_.Push(Answered(absl::StatusCode::kResourceExhausted, Outcome::kRateLimited, "429",
                            absl::Milliseconds(20)));
  }
  attempts_.Push(absl::OkStatus());
  auto guard = Make(settings);
  EXPECT_THAT(Run(*guard, Spec()), IsOk());
  EXPECT_EQ(attempts_.calls(), 6);
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_retries_total{connection=\"conn\",endpoint="
                                  "\"get_lead\",reason=\"rate_limited\"} 5"));
  EXPECT_THAT(Scrape(), HasSubstr("leadgw_upstream_retries_denied_total{connection=\"conn\"} 0"));
}

}  // namespace
}  // namespace leadgw::upstream::guard_testing
