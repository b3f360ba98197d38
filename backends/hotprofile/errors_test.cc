#include "backends/hotprofile/errors.h"

#include <string>

#include "gtest/gtest.h"
#include "upstream/outcome.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::hotprofile {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

upstream::http::HttpResponse Answer(int status_code, std::string body) {
  upstream::http::HttpResponse response;
  response.status_code = status_code;
  response.body = std::move(body);
  return response;
}

ErrorContext Context() {
  ErrorContext context;
  context.endpoint = "leads_search";
  context.connection = "hp";
  context.limits.calls_per_window = 100;
  context.limits.window = absl::Seconds(60);
  context.now = kNow;
  return context;
}

std::string NoRedaction(absl::string_view text) { return std::string(text); }

TEST(HotProfileErrorsTest, EachRowHasItsCodeAndOutcome) {
  struct Row {
    int http_status;
    absl::StatusCode code;
    upstream::Outcome outcome;
  };
  const Row rows[] = {
      {400, absl::StatusCode::kInvalidArgument, upstream::Outcome::kClientError},
      {401, absl::StatusCode::kUnauthenticated, upstream::Outcome::kAuthError},
      {403, absl::StatusCode::kPermissionDenied, upstream::Outcome::kAuthError},
      {404, absl::StatusCode::kNotFound, upstream::Outcome::kClientError},
      {422, absl::StatusCode::kFailedPrecondition, upstream::Outcome::kClientError},
      {429, absl::StatusCode::kResourceExhausted, upstream::Outcome::kRateLimited},
      {503, absl::StatusCode::kUnavailable, upstream::Outcome::kServerError},
      {418, absl::StatusCode::kFailedPrecondition, upstream::Outcome::kClientError},
  };
  for (const Row& row : rows) {
    const absl::Status status = MapHttpError(Answer(row.http_status, ""), Context(), NoRedaction);
    EXPECT_EQ(status.code(), row.code) << row.http_status;
    EXPECT_EQ(upstream::OutcomeOf(status), row.outcome) << row.http_status;
    EXPECT_EQ(upstream::UpstreamCode(status), std::to_string(row.http_status));
    EXPECT_EQ(upstream::UpstreamBackend(status), "hotprofile");
  }
}

TEST(HotProfileErrorsTest, RateLimitWaitsForRetryAfterOrTheWindow) {
  upstream::http::HttpResponse answer = Answer(429, "");
  EXPECT_EQ(upstream::RetryAfter(MapHttpError(answer, Context(), NoRedaction)), absl::Seconds(60));
  answer.headers.emplace_back("retry-after", "7");
  EXPECT_EQ(upstream::RetryAfter(MapHttpError(answer, Context(), NoRedaction)), absl::Seconds(7));
}

TEST(HotProfileErrorsTest, UnauthorisedNamesTheConnectionNeverTheUpstreamText) {
  const absl::Status status = MapHttpError(
      Answer(401, R"({"message":"api_key s3cret is invalid"})"), Context(), NoRedaction);
  EXPECT_NE(status.message().find("connection 'hp'"), absl::string_view::npos);
  EXPECT_EQ(status.message().find("s3cret"), absl::string_view::npos);
}

TEST(HotProfileErrorsTest, UpstreamTextIsRedactedBeforeItEntersTheMessage) {
  const absl::Status status = MapHttpError(Answer(400, R"({"message":"bad key s3cret"})"),
                                           Context(), [](absl::string_view text) {
                                             std::string out(text);
                                             const size_t at = out.find("s3cret");
                                             if (at != std::string::npos)
                                               out.replace(at, 6, "[REDACTED]");
                                             return out;
                                           });
  EXPECT_EQ(status.message().find("s3cret"), absl::string_view::npos) << status.message();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
