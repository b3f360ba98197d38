#include "backends/marketo/call_window.h"

#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1767225600);

TEST(CallWindowTest, NoCallsSuggestsOneSecond) {
  CallWindow window(100, absl::Seconds(20));
  EXPECT_EQ(window.RetryAfter(kStart), absl::Seconds(1));
}

TEST(CallWindowTest, OldestCallInsideTheWindowDecides) {
  CallWindow window(100, absl::Seconds(20));
  window.Record(kStart);
  window.Record(kStart + absl::Seconds(5));
  EXPECT_EQ(window.RetryAfter(kStart + absl::Seconds(8)), absl::Seconds(12));
  // The first call has left the window; the second leaves 5 s later.
  EXPECT_EQ(window.RetryAfter(kStart + absl::Seconds(20)), absl::Seconds(5));
  EXPECT_EQ(window.RetryAfter(kStart + absl::Seconds(60)), absl::Seconds(1));
}

TEST(CallWindowTest, ClampedToAtLeastOneSecond) {
  CallWindow window(100, absl::Seconds(20));
  window.Record(kStart);
  EXPECT_EQ(window.RetryAfter(kStart + absl::Milliseconds(19900)), absl::Seconds(1));
}

TEST(CallWindowTest, KeepsOnlyCapacityCalls) {
  CallWindow window(2, absl::Seconds(20));
  window.Record(kStart);
  window.Record(kStart + absl::Seconds(4));
  window.Record(kStart + absl::Seconds(6));  // pushes out the first
  EXPECT_EQ(window.RetryAfter(kStart + absl::Seconds(10)), absl::Seconds(14));
}

}  // namespace
}  // namespace leadgw::backends::marketo
