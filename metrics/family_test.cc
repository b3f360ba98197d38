#include "metrics/family.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/builder.h"
#include "metrics/registry.h"
#include "testing/status_matchers.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Family<Counter>& RequestsFamily(Registry& registry) {
  return BuildCounter()
      .Name("leadgw_requests_total")
      .Help("Requests.")
      .LabelNames({"method", "code"})
      .Register(registry);
}

TEST(FamilyTest, SameLabelsGiveSameObject) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  Counter& a = family.Add({{"method", "Get"}, {"code", "OK"}});
  Counter& b = family.Add({{"code", "OK"}, {"method", "Get"}});
  Counter& c = family.Add({{"method", "Get"}, {"code", "NOT_FOUND"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  a.Increment();
  EXPECT_EQ(b.Value(), 1.0);
  EXPECT_EQ(c.Value(), 0.0);
  EXPECT_EQ(family.size(), 2u);
}

TEST(FamilyTest, ReferencesStayValidAsSeriesAreAdded) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  Counter& first = family.Add({{"method", "m0"}, {"code", "OK"}});
  for (int i = 1; i < 1000; ++i) {
    family.Add({{"method", absl::StrCat("m", i)}, {"code", "OK"}}).Increment();
  }
  first.Increment(7);
  EXPECT_EQ(family.Add({{"method", "m0"}, {"code", "OK"}}).Value(), 7.0);
}

TEST(FamilyTest, TryAddRejectsWrongLabelNames) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  for (const Labels& labels :
       std::vector<Labels>{{},
                           {{"method", "Get"}},
                           {{"method", "Get"}, {"status", "OK"}},
                           {{"method", "Get"}, {"code", "OK"}, {"extra", "x"}}}) {
    absl::StatusOr<Counter*> counter = family.TryAdd(labels);
    ASSERT_THAT(counter, Not(IsOk()));
    EXPECT_THAT(counter, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(counter.status().message(), HasSubstr("leadgw_requests_total"));
    EXPECT_THAT(counter.status().message(), HasSubstr("{code, method}"));
  }
  EXPECT_EQ(family.size(), 0u);
}

TEST(FamilyTest, ErrorNamesLabelsButNotValues) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  absl::StatusOr<Counter*> counter = family.TryAdd({{"method", "secret-value"}});
  ASSERT_THAT(counter, Not(IsOk()));
  EXPECT_THAT(counter.status().message(), Not(HasSubstr("secret-value")));
}

TEST(FamilyDeathTest, AddAbortsOnWrongLabelNames) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  EXPECT_DEATH(family.Add({{"verb", "Get"}}), "label names \\{verb\\} do not match");
}

TEST(FamilyTest, UnlabelledFamilyHasOneSeries) {
  Registry registry;
  Family<Gauge>& family =
      BuildGauge().Name("leadgw_inflight").Help("In flight.").Register(registry);
  family.Add({}).Set(3);
  EXPECT_EQ(family.Add({}).Value(), 3.0);
  EXPECT_THAT(family.TryAdd({{"a", "b"}}), Not(IsOk()));
}

TEST(FamilyTest, HistogramSeriesUseFamilyBucketsUnlessGiven) {
  Registry registry;
  Family<Histogram>& family = BuildHistogram()
                                  .Name("leadgw_latency_seconds")
                                  .Help("Latency.")
                                  .LabelNames({"endpoint"})
                                  .Buckets({0.1, 1})
                                  .Register(registry);
  EXPECT_THAT(family.Add({{"endpoint", "a"}}).bounds(), ElementsAre(0.1, 1));
  EXPECT_THAT(family.Add({{"endpoint", "b"}}, Histogram::BucketBoundaries{5}).bounds(),
              ElementsAre(5));
  // Arguments are ignored once the series exists.
  EXPECT_THAT(family.Add({{"endpoint", "a"}}, Histogram::BucketBoundaries{7}).bounds(),
              ElementsAre(0.1, 1));
}

TEST(FamilyTest, CollectSortsSeriesByLabelValues) {
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  family.Add({{"method", "b"}, {"code", "OK"}}).Increment(1);
  family.Add({{"method", "a"}, {"code", "Z"}}).Increment(2);
  family.Add({{"method", "a"}, {"code", "A"}}).Increment(3);
  const prometheus::MetricFamily snapshot = family.Collect();
  EXPECT_EQ(snapshot.name, "leadgw_requests_total");
  EXPECT_EQ(snapshot.type, MetricType::Counter);
  ASSERT_EQ(snapshot.metric.size(), 3u);
  // Label names sort as code < method, so series order by code first.
  EXPECT_EQ(snapshot.metric[0].counter.value, 3.0);
  EXPECT_EQ(snapshot.metric[1].counter.value, 1.0);
  EXPECT_EQ(snapshot.metric[2].counter.value, 2.0);
  EXPECT_THAT(family.label_names(), ElementsAre("code", "method"));
}

TEST(FamilyTest, ConcurrentAddAndIncrement) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  constexpr int kSeries = 16;
  Registry registry;
  Family<Counter>& family = RequestsFamily(registry);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&family] {
      for (int i = 0; i < kPerThread; ++i) {
        family.Add({{"method", absl::StrCat("m", i % kSeries)}, {"code", "OK"}}).Increment();
      }
    });
  }
  // Collect while series are created and updated.
  for (int i = 0; i < 50; ++i) family.Collect();
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(family.size(), static_cast<size_t>(kSeries));
  double total = 0;
  for (const prometheus::ClientMetric& series : family.Collect().metric) {
    total += series.counter.value;
  }
  EXPECT_EQ(total, kThreads * kPerThread);
}

}  // namespace
}  // namespace leadgw::metrics
