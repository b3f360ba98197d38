#include "backends/marketo/errors.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

using ::testing::HasSubstr;

// 2026-01-01 12:00 UTC = 06:00 CST.
const absl::Time kNow = absl::FromUnixSeconds(1767268800);

ErrorContext Context() {
  ErrorContext context;
  context.endpoint = "sync_leads";
  context.request_id = "e42b#14272d07d78";
  context.now = kNow;
  return context;
}

TEST(MarketoErrorsTest, ApiCodesMapByTheTable) {
  struct Case {
    const char* code;
    absl::StatusCode expected;
  };
  const Case cases[] = {
      {"601", absl::StatusCode::kUnauthenticated},
      {"602", absl::StatusCode::kUnauthenticated},
      {"603", absl::StatusCode::kPermissionDenied},
      {"604", absl::StatusCode::kUnavailable},
      {"605", absl::StatusCode::kInternal},
      {"606", absl::StatusCode::kResourceExhausted},
      {"607", absl::StatusCode::kResourceExhausted},
      {"608", absl::StatusCode::kUnavailable},
      {"609", absl::StatusCode::kInternal},
      {"610", absl::StatusCode::kInternal},
      {"611", absl::StatusCode::kUnavailable},
      {"612", absl::StatusCode::kInternal},
      {"614", absl::StatusCode::kUnavailable},
      {"615", absl::StatusCode::kResourceExhausted},
      {"701", absl::StatusCode::kInvalidArgument},
      {"713", absl::StatusCode::kUnavailable},
      {"1001", absl::StatusCode::kInvalidArgument},
      {"1002", absl::StatusCode::kInvalidArgument},
      {"1003", absl::StatusCode::kInvalidArgument},
      {"1004", absl::StatusCode::kNotFound},
      {"1006", absl::StatusCode::kInvalidArgument},
      {"1011", absl::StatusCode::kInvalidArgument},
      {"1013", absl::StatusCode::kNotFound},
      {"1080", absl::StatusCode::kInvalidArgument},
      {"709", absl::StatusCode::kInvalidArgument},      // unlisted 7xx
      {"1099", absl::StatusCode::kFailedPrecondition},  // unlisted 1xxx
      {"abc", absl::StatusCode::kUnknown},
  };
  for (const Case& c : cases) {
    absl::Status status = MapApiError(c.code, "message", Context());
    EXPECT_EQ(status.code(), c.expected) << c.code;
    EXPECT_EQ(upstream::UpstreamCode(status), c.code);
    EXPECT_EQ(upstream::UpstreamBackend(status), "marketo");
  }
}

TEST(MarketoErrorsTest, MessageKeepsUpstreamTextEndpointAndRequestId) {
  absl::Status status = MapApiError("1004", "Lead not found", Context());
  EXPECT_EQ(status.message(),
            "marketo 1004: Lead not found (sync_leads, requestId e42b#14272d07d78)");
}

TEST(MarketoErrorsTest, TooManyResultsIsFailedPrecondition) {
  absl::Status status = MapApiError("1003", "Too many results match the filter", Context());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(upstream::UpstreamCode(status), "1003");
}

TEST(MarketoErrorsTest, OutcomesForTheGuardComeFromTheSameTable) {
  using upstream::Outcome;
  const std::pair<const char*, Outcome> cases[] = {
      {"601", Outcome::kAuthError},      {"602", Outcome::kAuthError},
      {"604", Outcome::kServerError},    {"606", Outcome::kRateLimited},
      {"607", Outcome::kQuotaExhausted}, {"608", Outcome::kServerError},
      {"611", Outcome::kServerError},    {"615", Outcome::kRateLimited},
      {"713", Outcome::kServerError},    {"1004", Outcome::kClientError},
      {"709", Outcome::kClientError},    {"abc", Outcome::kClientError},
  };
  for (const auto& [code, outcome] : cases) {
    EXPECT_EQ(upstream::OutcomeOf(MapApiError(code, "message", Context())), outcome) << code;
  }
  EXPECT_EQ(upstream::OutcomeOf(MapHttpStatus(429, Context())), Outcome::kRateLimited);
  EXPECT_EQ(upstream::OutcomeOf(MapHttpStatus(503, Context())), Outcome::kServerError);
  EXPECT_EQ(upstream::OutcomeOf(MapHttpStatus(413, Context())), Outcome::kClientError);
}

TEST(MarketoErrorsTest, LimitsCarryTheirWaits) {
  // 606: no hint, so the gate waits out its whole window; the caller-facing hint comes
  // from the guard's window log.
  const absl::Status rate = MapApiError("606", "Max rate limit", Context());
  EXPECT_EQ(upstream::UpstreamWait(rate), absl::ZeroDuration());
  EXPECT_FALSE(upstream::RetryAfter(rate).has_value());
  EXPECT_EQ(upstream::UpstreamWait(MapApiError("615", "Concurrent", Context())), absl::Seconds(1));
  EXPECT_EQ(upstream::RetryAfter(MapApiError("615", "Concurrent", Context())), absl::Seconds(1));
  // 06:00 CST: 18 hours to midnight CST.
  EXPECT_EQ(upstream::RetryAfter(MapApiError("607", "Daily quota", Context())), absl::Hours(18));
  EXPECT_FALSE(upstream::RetryAfter(MapApiError("604", "Timed out", Context())).has_value());
}

TEST(MarketoErrorsTest, DailyResetIsNextMidnightCentralStandardTime) {
  // Exactly midnight CST (06:00 UTC) resets the next day, not now.
  const absl::Time midnight_cst = absl::FromUnixSeconds(1767247200);  // 2026-01-01 06:00Z
  EXPECT_EQ(NextDailyQuotaReset(midnight_cst), midnight_cst + absl::Hours(24));
  EXPECT_EQ(NextDailyQuotaReset(midnight_cst - absl::Seconds(1)), midnight_cst);
}

TEST(MarketoErrorsTest, HttpStatuses) {
  EXPECT_EQ(MapHttpStatus(503, Context()).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(MapHttpStatus(502, Context()).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(MapHttpStatus(401, Context()).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(MapHttpStatus(413, Context()).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MapHttpStatus(414, Context()).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(MapHttpStatus(404, Context()).code(), absl::StatusCode::kInternal);
  absl::Status status = MapHttpStatus(503, Context());
  EXPECT_EQ(upstream::UpstreamCode(status), "503");
  EXPECT_THAT(std::string(status.message()), HasSubstr("HTTP 503"));
}

TEST(MarketoErrorsTest, TokenErrors) {
  EXPECT_TRUE(IsTokenError("601"));
  EXPECT_TRUE(IsTokenError("602"));
  EXPECT_FALSE(IsTokenError("603"));
}

}  // namespace
}  // namespace leadgw::backends::marketo
