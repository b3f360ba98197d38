#include "upstream/upstream_error.h"

#include "gtest/gtest.h"

namespace leadgw::upstream {
namespace {

TEST(UpstreamErrorTest, CarriesCodeBackendAndMessage) {
  absl::Status status = UpstreamError(absl::StatusCode::kResourceExhausted, "acme", "E42",
                                      "Too many calls in this window");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "acme E42: Too many calls in this window");
  EXPECT_EQ(UpstreamCode(status), "E42");
  EXPECT_EQ(UpstreamBackend(status), "acme");
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
