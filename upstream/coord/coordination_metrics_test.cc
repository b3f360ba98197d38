#include "upstream/coord/coordination_metrics.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"

namespace leadgw::upstream::coord {
namespace {

using ::testing::HasSubstr;

TEST(CoordinationMetricsTest, CountsRoundTripsAndFailuresByOp) {
  metrics::Registry registry;
  CoordinationMetrics metrics(registry);
  metrics.Record("window_admit", absl::Microseconds(300), false);
  metrics.Record("window_admit", absl::Milliseconds(200), true);
  metrics.Record("window_close", absl::Microseconds(200), false);
  const std::string text = registry.Serialize();
  EXPECT_THAT(text,
              HasSubstr(R"(leadgw_coordination_duration_seconds_count{op="window_admit"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(leadgw_coordination_errors_total{op="window_admit"} 1)"));
  // A failure-free op has its error series at 0 already, so its first failure alerts.
  EXPECT_THAT(text, HasSubstr(R"(leadgw_coordination_errors_total{op="window_close"} 0)"));
}

}  // namespace
}  // namespace leadgw::upstream::coord
