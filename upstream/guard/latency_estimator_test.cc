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

TEST(LatencyEstimatorTest, NeededIsThreeTimesTheFirstAnswerThenNarrowsWithSteadyAnswers) {
  LatencyEstimator estimator;
  EXPECT_EQ(estimator.Needed("e"), absl::ZeroDuration());
  estimator.Record("e", absl::Milliseconds(100));
  EXPECT_EQ(estimator.Needed("e"), absl::Milliseconds(300));
  for (int i = 0; i < 100; ++i) estimator.Record("e", absl::Milliseconds(100));
  EXPECT_LT(estimator.Needed("e"), absl::Milliseconds(101));
  EXPECT_EQ(estimator.Expected("e"), absl::Milliseconds(100));
}

TEST(LatencyEstimatorTest, NeededWidensWithScatteredAnswers) {
  LatencyEstimator estimator;
  estimator.Record("e", absl::Milliseconds(100));
  // 100 ms then 300 ms: the deviation is 50 + (200 - 50) / 4 = 87.5 ms against the mean
  // before the sample, the mean 125 ms.
  estimator.Record("e", absl::Milliseconds(300));
  EXPECT_EQ(estimator.Expected("e"), absl::Milliseconds(125));
  EXPECT_EQ(estimator.Needed("e"), absl::Milliseconds(125 + 4 * 87.5));
}

}  // namespace
}  // namespace leadgw::upstream
