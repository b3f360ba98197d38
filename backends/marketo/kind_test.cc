#include "backends/marketo/kind.h"

#include <set>
#include <string>

#include "backends/marketo/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

using ::testing::ElementsAre;

absl::Duration TimeoutOf(absl::string_view endpoint) {
  for (const EndpointTimeout& e : MarketoKind().endpoints) {
    if (e.endpoint == endpoint) return e.timeout;
  }
  return absl::ZeroDuration();
}

TEST(MarketoKindTest, NameLimitsAndDefaultTimeout) {
  const BackendKindInfo& kind = MarketoKind();
  EXPECT_EQ(kind.kind, ::leadgateway::v1::BACKEND_KIND_MARKETO);
  EXPECT_EQ(kind.name, "marketo");
  EXPECT_EQ(kind.default_limits.calls_per_window, 100);
  EXPECT_EQ(kind.default_limits.window, absl::Seconds(20));
  EXPECT_EQ(kind.default_limits.max_concurrent, 10);
  EXPECT_EQ(kind.default_limits.daily_quota, 50000);
  EXPECT_EQ(kind.default_timeout, absl::Seconds(30));
}

TEST(MarketoKindTest, DocumentedEndpointTimeouts) {
  // The seed: 30 s unless listed; sync 90, associate 60, merge 180, update partition 60,
  // push 90, get by filter type 60, get by list 60.
  EXPECT_EQ(TimeoutOf("sync_leads"), absl::Seconds(90));
  EXPECT_EQ(TimeoutOf("associate_lead"), absl::Seconds(60));
  EXPECT_EQ(TimeoutOf("merge_leads"), absl::Seconds(180));
  EXPECT_EQ(TimeoutOf("update_partitions"), absl::Seconds(60));
  EXPECT_EQ(TimeoutOf("push_leads"), absl::Seconds(90));
  EXPECT_EQ(TimeoutOf("get_leads_by_filter"), absl::Seconds(60));
  EXPECT_EQ(TimeoutOf("get_leads_by_list"), absl::Seconds(60));
  EXPECT_EQ(TimeoutOf("identity"), absl::Seconds(30));
  EXPECT_EQ(TimeoutOf("describe_leads"), absl::Seconds(30));
  EXPECT_EQ(TimeoutOf("describe_leads2"), absl::Seconds(30));
  EXPECT_EQ(MarketoKind().endpoints.size(), 26u);
  std::set<std::string> names;
  int at_default = 0;
  for (const EndpointTimeout& e : MarketoKind().endpoints) {
    EXPECT_TRUE(names.insert(std::string(e.endpoint)).second) << e.endpoint;
    if (e.timeout == absl::Seconds(30)) ++at_default;
  }
  EXPECT_EQ(at_default, 26 - 7);
}

TEST(MarketoKindTest, RateLimitCodesAndConfig) {
  EXPECT_THAT(MarketoKind().rate_limit_codes, ElementsAre("606", "607", "615", "429"));
  EXPECT_THAT(MarketoKind().config_fields, ElementsAre("identity_url"));
  EXPECT_EQ(MarketoKind().read_settings, &ReadMarketoConfig);
}

}  // namespace
}  // namespace leadgw::backends::marketo
