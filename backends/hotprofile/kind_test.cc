#include "backends/hotprofile/kind.h"

#include "backends/hotprofile/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::hotprofile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(HotProfileKindTest, NameLimitsAndTimeouts) {
  const BackendKindInfo& kind = HotProfileKind();
  EXPECT_EQ(kind.kind, ::leadgateway::v1::BACKEND_KIND_HOTPROFILE);
  EXPECT_EQ(kind.name, "hotprofile");
  // The connector: 100 calls per 60 s; no concurrency cap, no daily quota.
  EXPECT_EQ(kind.default_limits.calls_per_window, 100);
  EXPECT_EQ(kind.default_limits.window, absl::Seconds(60));
  EXPECT_EQ(kind.default_limits.max_concurrent, 0);
  EXPECT_EQ(kind.default_limits.daily_quota, 0);
  EXPECT_EQ(kind.default_timeout, absl::Seconds(30));
  EXPECT_EQ(kind.endpoints.size(), 9u);
  for (const EndpointTimeout& e : kind.endpoints) {
    EXPECT_EQ(e.timeout, absl::Seconds(30)) << e.endpoint;
  }
}

TEST(HotProfileKindTest, RateLimitCodesAndConfig) {
  EXPECT_THAT(HotProfileKind().rate_limit_codes, ElementsAre("429"));
  EXPECT_THAT(HotProfileKind().config_fields, IsEmpty());
  EXPECT_EQ(HotProfileKind().read_settings, &ReadHotProfileConfig);
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
