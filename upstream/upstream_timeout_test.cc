#include "upstream/upstream_timeout.h"

#include "gtest/gtest.h"

namespace leadgw::upstream {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

TEST(UpstreamTimeoutTest, TheEndpointTimeoutWhenTheDeadlineIsFar) {
  EXPECT_EQ(UpstreamTimeout(absl::Seconds(30), kNow + absl::Seconds(300), kNow, "x").value(),
            absl::Seconds(30));
  EXPECT_EQ(UpstreamTimeout(absl::Seconds(30), absl::InfiniteFuture(), kNow, "x").value(),
            absl::Seconds(30));
}

TEST(UpstreamTimeoutTest, CappedByWhatIsLeft) {
  EXPECT_EQ(UpstreamTimeout(absl::Seconds(30), kNow + absl::Milliseconds(1500), kNow, "x").value(),
            absl::Milliseconds(1500));
}

TEST(UpstreamTimeoutTest, NothingLeftIsDeadlineExceeded) {
  for (absl::Time deadline : {kNow, kNow - absl::Seconds(1)}) {
    absl::StatusOr<absl::Duration> timeout =
        UpstreamTimeout(absl::Seconds(30), deadline, kNow, "leads_search");
    EXPECT_EQ(timeout.status().code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_EQ(timeout.status().message(),
              "no time left before the RPC deadline to call leads_search");
  }
}

}  // namespace
}  // namespace leadgw::upstream
