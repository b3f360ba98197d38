#include "upstream/upstream_error.h"

#include "gtest/gtest.h"

namespace leadgw::upstream {
namespace {

TEST(UpstreamErrorTest, CarriesCodeBackendAndMessage) {
  absl::Status status = UpstreamError(absl::StatusCode::kResourceExhausted, "marketo", "606",
                                      "Max rate limit '100' exceeded with in '20' secs");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "marketo 606: Max rate limit '100' exceeded with in '20' secs");
  EXPECT_EQ(UpstreamCode(status), "606");
  EXPECT_EQ(UpstreamBackend(status), "marketo");
  EXPECT_FALSE(RetryAfter(status).has_value());
}

TEST(UpstreamErrorTest, RetryAfterRoundTrips) {
  absl::Status status = absl::ResourceExhaustedError("quota");
  SetRetryAfter(status, absl::Milliseconds(1500));
  EXPECT_EQ(RetryAfter(status), absl::Milliseconds(1500));
}

TEST(UpstreamErrorTest, OkStatusTakesNoPayload) {
  absl::Status status;
  SetRetryAfter(status, absl::Seconds(1));
  EXPECT_FALSE(RetryAfter(status).has_value());
  EXPECT_FALSE(UpstreamCode(absl::InternalError("x")).has_value());
}

}  // namespace
}  // namespace leadgw::upstream
