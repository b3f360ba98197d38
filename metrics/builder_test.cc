#include "metrics/builder.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"
#include "testing/status_matchers.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(BuilderTest, RegistersEachType) {
  Registry registry;
  absl::StatusOr<Family<Counter>*> counter =
      BuildCounter().Name("c_total").Help("c").LabelNames({"b", "a"}).TryRegister(registry);
  absl::StatusOr<Family<Gauge>*> gauge = BuildGauge().Name("g").Help("g").TryRegister(registry);
  absl::StatusOr<Family<Histogram>*> histogram =
      BuildHistogram().Name("h").Help("h").Buckets({1}).TryRegister(registry);
  ASSERT_THAT(counter, IsOk());
  ASSERT_THAT(gauge, IsOk());
  ASSERT_THAT(histogram, IsOk());
  EXPECT_EQ((*counter)->type(), MetricType::Counter);
  EXPECT_EQ((*gauge)->type(), MetricType::Gauge);
  EXPECT_EQ((*histogram)->type(), MetricType::Histogram);
  EXPECT_THAT((*counter)->label_names(), ElementsAre("a", "b"));
  EXPECT_EQ((*counter)->help(), "c");
  EXPECT_EQ(registry.Collect().size(), 3u);
}

TEST(BuilderTest, RejectsInvalidMetricName) {
  Registry registry;
  absl::StatusOr<Family<Counter>*> family =
      BuildCounter().Name("leadgw-bad").Help("x").TryRegister(registry);
  EXPECT_THAT(family, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(family.status().message(), HasSubstr("leadgw-bad"));
  EXPECT_THAT(BuildCounter().Help("no name").TryRegister(registry), Not(IsOk()));
  EXPECT_TRUE(registry.Collect().empty());
}

TEST(BuilderTest, RejectsMissingHelp) {
  Registry registry;
  EXPECT_THAT(BuildGauge().Name("g").TryRegister(registry),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BuilderTest, RejectsInvalidOrDuplicateLabelNames) {
  Registry registry;
  for (const std::vector<std::string>& labels : std::vector<std::vector<std::string>>{
           {"ok", "bad-label"}, {"__reserved"}, {""}, {"a", "b", "a"}}) {
    absl::StatusOr<Family<Counter>*> family =
        BuildCounter().Name("x_total").Help("x").LabelNames(labels).TryRegister(registry);
    EXPECT_THAT(family, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(family.status().message(), HasSubstr("x_total"));
  }
}

TEST(BuilderTest, HistogramRejectsLeLabelAndBadBuckets) {
  Registry registry;
  EXPECT_THAT(
      BuildHistogram().Name("h").Help("h").LabelNames({"le"}).Buckets({1}).TryRegister(registry),
      Not(IsOk()));
  EXPECT_THAT(BuildHistogram().Name("h").Help("h").TryRegister(registry).status().message(),
              HasSubstr("Buckets"));
  EXPECT_THAT(BuildHistogram().Name("h").Help("h").Buckets({}).TryRegister(registry), Not(IsOk()));
  EXPECT_THAT(BuildHistogram().Name("h").Help("h").Buckets({2, 1}).TryRegister(registry),
              Not(IsOk()));
  EXPECT_THAT(BuildHistogram()
                  .Name("h")
                  .Help("h")
                  .Buckets(Histogram::ExponentialBuckets(1, 0.5, 3))
                  .TryRegister(registry),
              Not(IsOk()));
  // Counters may use "le".
  EXPECT_THAT(BuildCounter().Name("c_total").Help("c").LabelNames({"le"}).TryRegister(registry),
              IsOk());
}

TEST(BuilderTest, TrailingInfBoundIsAccepted) {
  Registry registry;
  absl::StatusOr<Family<Histogram>*> family =
      BuildHistogram().Name("h").Help("h").Buckets({1, INFINITY}).TryRegister(registry);
  ASSERT_THAT(family, IsOk());
  EXPECT_THAT((*family)->Add({}).bounds(), ElementsAre(1));
}

TEST(BuilderTest, DuplicateNameIsAlreadyExists) {
  Registry registry;
  ASSERT_THAT(BuildCounter().Name("x_total").Help("x").TryRegister(registry), IsOk());
  absl::StatusOr<Family<Gauge>*> again =
      BuildGauge().Name("x_total").Help("x").TryRegister(registry);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(again.status().message(), HasSubstr("x_total"));
}

TEST(BuilderTest, HistogramSampleNamesMayNotCollide) {
  Registry registry;
  ASSERT_THAT(BuildHistogram().Name("rpc").Help("h").Buckets({1}).TryRegister(registry), IsOk());
  EXPECT_THAT(BuildCounter().Name("rpc_count").Help("c").TryRegister(registry),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ASSERT_THAT(BuildGauge().Name("q_sum").Help("g").TryRegister(registry), IsOk());
  EXPECT_THAT(BuildHistogram().Name("q").Help("h").Buckets({1}).TryRegister(registry),
              StatusIs(absl::StatusCode::kAlreadyExists));
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
