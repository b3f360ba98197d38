#include "upstream/http/retry_after.h"

#include "gtest/gtest.h"

namespace leadgw::upstream::http {
namespace {

HttpResponse WithRetryAfter(const std::string& value) {
  HttpResponse response;
  response.status_code = 429;
  response.headers = {{"retry-after", value}};
  return response;
}

TEST(RetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter(WithRetryAfter("7"), absl::Now()), absl::Seconds(7));
}

TEST(RetryAfterTest, HttpDateRelativeToNow) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);  // Tue, 14 Nov 2023 22:13:20 GMT
  EXPECT_EQ(ParseRetryAfter(WithRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT"), now),
            absl::Seconds(30));
  EXPECT_EQ(ParseRetryAfter(WithRetryAfter("Tue, 14 Nov 2023 22:13:00 GMT"), now),
            absl::ZeroDuration());
}

TEST(RetryAfterTest, AbsentNegativeOrGarbageIsNullopt) {
  EXPECT_EQ(ParseRetryAfter(HttpResponse{}, absl::Now()), std::nullopt);
  EXPECT_EQ(ParseRetryAfter(WithRetryAfter("-3"), absl::Now()), std::nullopt);
  EXPECT_EQ(ParseRetryAfter(WithRetryAfter("soon"), absl::Now()), std::nullopt);
}

}  // namespace
}  // namespace leadgw::upstream::http
