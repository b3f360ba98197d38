#include "upstream/guard/latency_estimator.h"

#include "gtest/gtest.h"

namespace leadgw::upstream {
namespace {

TEST(LatencyEstimatorTest, ZeroBeforeTheFirstAnswer) {
  LatencyEstimator estimator;
  EXPECT_EQ(estimator.Expected("sync_leads"), absl::ZeroDuration());
}

TEST(LatencyEstimatorTest, FirstAnswerIsTheEstimateThenAnEighthOfEachChange) {
  LatencyEstimator estimator;
  estimator.Record("sync_leads", absl::Milliseconds(800));
  EXPECT_EQ(estimator.Expected("sync_leads"), absl::Milliseconds(800));
  estimator.Record("sync_leads", absl::Milliseconds(1600));
  EXPECT_EQ(estimator.Expected("sync_leads"), absl::Milliseconds(900));
  estimator.Record("sync_leads", absl::Milliseconds(100));
  EXPECT_EQ(estimator.Expected("sync_leads"), absl::Milliseconds(800));
}

TEST(LatencyEstimatorTest, EndpointsAreSeparate) {
  LatencyEstimator estimator;
  estimator.Record("identity", absl::Milliseconds(50));
  estimator.Record("describe_leads", absl::Seconds(2));
  EXPECT_EQ(estimator.Expected("identity"), absl::Milliseconds(50));
  EXPECT_EQ(estimator.Expected("describe_leads"), absl::Seconds(2));
}

TEST(LatencyEstimatorTest, ConvergesToASteadyLatency) {
  LatencyEstimator estimator;
  estimator.Record("e", absl::Seconds(5));
  for (int i = 0; i < 100; ++i) estimator.Record("e", absl::Milliseconds(200));
  EXPECT_LT(estimator.Expected("e"), absl::Milliseconds(201));
}

}  // namespace
}  // namespace leadgw::upstream
