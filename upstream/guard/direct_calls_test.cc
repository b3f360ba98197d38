#include "upstream/guard/direct_calls.h"

#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace leadgw::upstream {
namespace {

UpstreamSettings Settings() {
  UpstreamSettings settings;
  settings.default_timeout = absl::Seconds(30);
  settings.endpoint_timeouts = {{"sync", absl::Seconds(90)}};
  return settings;
}

TEST(DirectCallsTest, OneAttemptWithTheEndpointTimeoutCappedByTheDeadline) {
  testing_util::FakeClock clock;
  DirectCalls calls(Settings(), clock);
  CallSpec spec;
  spec.endpoint = "sync";
  std::vector<absl::Duration> timeouts;
  auto record = [&](const Attempt& a) {
    timeouts.push_back(a.timeout);
    return absl::UnavailableError("down");
  };
  EXPECT_EQ(calls.Run(spec, record).code(), absl::StatusCode::kUnavailable);
  spec.deadline = clock.Now() + absl::Seconds(10);
  EXPECT_EQ(calls.Run(spec, record).code(), absl::StatusCode::kUnavailable);
  spec.endpoint = "unknown";
  spec.deadline = absl::InfiniteFuture();
  EXPECT_EQ(calls.Run(spec, record).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(timeouts, (std::vector<absl::Duration>{absl::Seconds(90), absl::Seconds(10),
                                                   absl::Seconds(30)}));
}

TEST(DirectCallsTest, NothingIsAttemptedAfterTheDeadline) {
  testing_util::FakeClock clock;
  DirectCalls calls(Settings(), clock);
  CallSpec spec;
  spec.endpoint = "sync";
  spec.deadline = clock.Now();
  bool attempted = false;
  EXPECT_EQ(calls.Run(spec, [&](const Attempt&) {
                   attempted = true;
                   return absl::OkStatus();
                 }).code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(attempted);
}

}  // namespace
}  // namespace leadgw::upstream
