#include "metrics/builder.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"

namespace leadgw::metrics {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(BuilderTest, RegistersEachType) {
  Registry registry;
  absl::StatusOr<Family<Counter>*> counter =
      BuildCounter().Name("c_total").Help("c").LabelNames({"b", "a"}).TryRegister(registry);
  absl::StatusOr<Family<Gauge>*> gauge = BuildGauge().Name("g").Help("g").TryRegister(registry);
  absl::StatusOr<Family<Histogram>*> histogram =
      BuildHistogram().Name("h").Help("h").Buckets({1}).TryRegister(registry);
  ASSERT_TRUE(counter.ok()) << counter.status();
  ASSERT_TRUE(gauge.ok()) << gauge.status();
  ASSERT_TRUE(histogram.ok()) << histogram.status();
  EXPECT_EQ((*counter)->type(), MetricType::kCounter);
  EXPECT_EQ((*gauge)->type(), MetricType::kGauge);
  EXPECT_EQ((*histogram)->type(), MetricType::kHistogram);
  EXPECT_THAT((*counter)->label_names(), ElementsAre("a", "b"));
  EXPECT_EQ((*counter)->help(), "c");
  EXPECT_EQ(registry.Collect().size(), 3u);
}

TEST(BuilderTest, RejectsInvalidMetricName) {
  Registry registry;
  absl::StatusOr<Family<Counter>*> family =
      BuildCounter().Name("leadgw-bad").Help("x").TryRegister(registry);
  EXPECT_EQ(family.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(family.status().message(), HasSubstr("leadgw-bad"));
  EXPECT_FALSE(BuildCounter().Help("no name").TryRegister(registry).ok());
  EXPECT_TRUE(registry.Collect().empty());
}

TEST(BuilderTest, RejectsMissingHelp) {
  Registry registry;
  EXPECT_EQ(BuildGauge().Name("g").TryRegister(registry).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BuilderTest, RejectsInvalidOrDuplicateLabelNames) {
  Registry registry;
  for (const std::vector<std::string>& labels : std::vector<std::vector<std::string>>{
           {"ok", "bad-label"}, {"__reserved"}, {""}, {"a", "b", "a"}}) {
    absl::StatusOr<Family<Counter>*> family =
        BuildCounter().Name("x_total").Help("x").LabelNames(labels).TryRegister(registry);
    EXPECT_EQ(family.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(family.status().message(), HasSubstr("x_total"));
  }
}

TEST(BuilderTest, HistogramRejectsLeLabelAndBadBuckets) {
  Registry registry;
  EXPECT_FALSE(BuildHistogram()
                   .Name("h")
                   .Help("h")
                   .LabelNames({"le"})
                   .Buckets({1})
                   .TryRegister(registry)
                   .ok());
  EXPECT_THAT(BuildHistogram().Name("h").Help("h").TryRegister(registry).status().message(),
              HasSubstr("Buckets"));
  EXPECT_FALSE(BuildHistogram().Name("h").Help("h").Buckets({}).TryRegister(registry).ok());
  EXPECT_FALSE(BuildHistogram().Name("h").Help("h").Buckets({2, 1}).TryRegister(registry).ok());
  EXPECT_FALSE(BuildHistogram()
                   .Name("h")
                   .Help("h")
                   .Buckets(Histogram::ExponentialBuckets(1, 0.5, 3))
                   .TryRegister(registry)
                   .ok());
  // Counters may use "le".
  EXPECT_TRUE(
      BuildCounter().Name("c_total").Help("c").LabelNames({"le"}).TryRegister(registry).ok());
}

TEST(BuilderTest, TrailingInfBoundIsAccepted) {
  Registry registry;
  absl::StatusOr<Family<Histogram>*> family =
      BuildHistogram().Name("h").Help("h").Buckets({1, INFINITY}).TryRegister(registry);
  ASSERT_TRUE(family.ok()) << family.status();
  EXPECT_THAT((*family)->Add({}).bounds(), ElementsAre(1));
}

TEST(BuilderTest, DuplicateNameIsAlreadyExists) {
  Registry registry;
  ASSERT_TRUE(BuildCounter().Name("x_total").Help("x").TryRegister(registry).ok());
  absl::StatusOr<Family<Gauge>*> again =
      BuildGauge().Name("x_total").Help("x").TryRegister(registry);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr("x_total"));
}

TEST(BuilderTest, HistogramSampleNamesMayNotCollide) {
  Registry registry;
  ASSERT_TRUE(BuildHistogram().Name("rpc").Help("h").Buckets({1}).TryRegister(registry).ok());
  EXPECT_EQ(BuildCounter().Name("rpc_count").Help("c").TryRegister(registry).status().code(),
            absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(BuildGauge().Name("q_sum").Help("g").TryRegister(registry).ok());
  EXPECT_EQ(BuildHistogram().Name("q").Help("h").Buckets({1}).TryRegister(registry).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.Collect().size(), 2u);
}

TEST(BuilderDeathTest, RegisterAbortsOnError) {
  Registry registry;
  BuildCounter().Name("x_total").Help("x").Register(registry);
  EXPECT_DEATH(BuildCounter().Name("x_total").Help("x").Register(registry),
               "'x_total' is already registered");
  EXPECT_DEATH(BuildGauge().Name("1bad").Help("x").Register(registry), "invalid metric name");
}

}  // namespace
}  // namespace leadgw::metrics
