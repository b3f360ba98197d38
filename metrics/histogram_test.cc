#include "metrics/histogram.h"

#include <cmath>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

TEST(HistogramTest, ObservationsLandInLeBuckets) {
  Histogram histogram({1, 2, 5});
  histogram.Observe(0.5);  // le=1
  histogram.Observe(1);    // le=1: a value equal to a bound belongs to that bucket
  histogram.Observe(1.5);  // le=2
  histogram.Observe(5);    // le=5
  histogram.Observe(7);    // +Inf
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_THAT(snapshot.upper_bounds, ElementsAre(1, 2, 5));
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(2, 3, 4, 5));
  EXPECT_EQ(snapshot.count, 5u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 15.0);
}

TEST(HistogramTest, EmptyHistogram) {
  Histogram histogram({0.1});
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(0, 0));
  EXPECT_EQ(snapshot.count, 0u);
  EXPECT_EQ(snapshot.sum, 0.0);
}

TEST(HistogramTest, NanCountsOnlyInInfBucket) {
  Histogram histogram({1});
  histogram.Observe(std::nan(""));
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(0, 1));
  EXPECT_TRUE(std::isnan(snapshot.sum));
}

TEST(HistogramTest, ConstructorNormalizesBounds) {
  Histogram histogram({5, 1, std::nan(""), 2, 2, INFINITY});
  EXPECT_THAT(histogram.bounds(), ElementsAre(1, 2, 5));
}

TEST(HistogramTest, ValidateBuckets) {
  EXPECT_THAT(Histogram::ValidateBuckets({0.1, 1, 10}), IsOk());
  EXPECT_THAT(Histogram::ValidateBuckets({-1, 0, 1, INFINITY}), IsOk());
  EXPECT_THAT(Histogram::ValidateBuckets({}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({1, 1}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({2, 1}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({1, std::nan("")}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({-INFINITY, 1}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({INFINITY, 1}), Not(IsOk()));
  EXPECT_THAT(Histogram::ValidateBuckets({2, 1}), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(HistogramTest, ExponentialBuckets) {
  EXPECT_THAT(Histogram::ExponentialBuckets(0.001, 10, 4), ElementsAre(0.001, 0.01, 0.1, 1));
  EXPECT_THAT(Histogram::ExponentialBuckets(1, 2, 5), ElementsAre(1, 2, 4, 8, 16));
  // Rounded to 12 significant digits: equal to the decimal literals, so `le` labels read
  // "0.0003" rather than "0.00030000000000000003".
  EXPECT_THAT(Histogram::ExponentialBuckets(0.0001, 3, 5),
              ElementsAre(0.0001, 0.0003, 0.0009, 0.0027, 0.0081));
  EXPECT_THAT(Histogram::ExponentialBuckets(0.1, 3, 3), ElementsAre(0.1, 0.3, 0.9));
}

TEST(HistogramTest, ExponentialBucketsRejectsBadArguments) {
  EXPECT_TRUE(Histogram::ExponentialBuckets(0, 2, 3).empty());
  EXPECT_TRUE(Histogram::ExponentialBuckets(-1, 2, 3).empty());
  EXPECT_TRUE(Histogram::ExponentialBuckets(1, 1, 3).empty());
  EXPECT_TRUE(Histogram::ExponentialBuckets(1, 0.5, 3).empty());
  EXPECT_TRUE(Histogram::ExponentialBuckets(1, 2, 0).empty());
  EXPECT_TRUE(Histogram::ExponentialBuckets(1e300, 1e10, 3).empty());
}

TEST(HistogramTest, DefaultLatencyBucketsCoverGatewayTimeouts) {
  const Histogram::BucketBoundaries& buckets = Histogram::DefaultLatencyBuckets();
  EXPECT_THAT(Histogram::ValidateBuckets(buckets), IsOk());
  EXPECT_EQ(buckets.front(), 0.0001);
  EXPECT_EQ(buckets.back(), 180.0);
  for (double timeout : {30.0, 60.0, 90.0, 180.0}) {
    EXPECT_THAT(buckets, Contains(timeout));
  }
}

TEST(HistogramTest, ConcurrentObservationsGiveExactCount) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  Histogram histogram({0.5, 1.5});
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&histogram, t] {
      for (int i = 0; i < kPerThread; ++i) histogram.Observe(t % 2 == 0 ? 1.0 : 2.0);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const HistogramSnapshot snapshot = histogram.Snapshot();
  constexpr uint64_t kHalf = kThreads / 2 * kPerThread;
  EXPECT_THAT(snapshot.cumulative_counts, ElementsAre(0, kHalf, 2 * kHalf));
  EXPECT_EQ(snapshot.count, 2 * kHalf);
  EXPECT_EQ(snapshot.sum, kHalf * 1.0 + kHalf * 2.0);
}

}  // namespace
}  // namespace leadgw::metrics
