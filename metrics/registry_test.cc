#include "metrics/registry.h"

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/builder.h"

namespace leadgw::metrics {
namespace {

using ::testing::HasSubstr;

TEST(RegistryTest, EmptyRegistrySerializesToNothing) {
  Registry registry;
  EXPECT_TRUE(registry.Collect().empty());
  EXPECT_EQ(registry.Serialize(), "");
}

TEST(RegistryTest, CollectSortsFamiliesByName) {
  Registry registry;
  BuildGauge().Name("zeta").Help("z").Register(registry);
  BuildCounter().Name("alpha_total").Help("a").Register(registry);
  BuildHistogram().Name("mid").Help("m").Buckets({1}).Register(registry);
  const std::vector<prometheus::MetricFamily> families = registry.Collect();
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[0].name, "alpha_total");
  EXPECT_EQ(families[1].name, "mid");
  EXPECT_EQ(families[2].name, "zeta");
}

TEST(RegistryTest, CollectHooksRefreshGaugesBeforeEveryScrape) {
  Registry registry;
  Gauge& window_calls =
      BuildGauge().Name("leadgw_quota_window_calls").Help("w").Register(registry).Add({});
  int scrapes = 0;
  registry.AddCollectHook([&] { window_calls.Set(++scrapes * 10); });
  EXPECT_THAT(registry.Serialize(), HasSubstr("leadgw_quota_window_calls 10\n"));
  EXPECT_THAT(registry.Serialize(), HasSubstr("leadgw_quota_window_calls 20\n"));
  EXPECT_EQ(scrapes, 2);
}

// Serialize() output for a small registry, exact: prometheus-cpp's TextSerializer writes
// a histogram's _count and _sum before its buckets.
TEST(RegistryTest, SerializeSmallRegistry) {
  Registry registry;
  Family<Counter>& requests = BuildCounter()
                                  .Name("leadgw_requests_total")
                                  .Help("Requests handled.\nBy method and code.")
                                  .LabelNames({"method", "code"})
                                  .Register(registry);
  Family<Histogram>& latency = BuildHistogram()
                                   .Name("leadgw_latency_seconds")
                                   .Help("Latency in seconds.")
                                   .LabelNames({"endpoint"})
                                   .Buckets({0.1, 1})
                                   .Register(registry);
  Family<Gauge>& inflight =
      BuildGauge().Name("leadgw_inflight").Help("In flight \\ now.").Register(registry);
  BuildGauge().Name("leadgw_unused").Help("No series yet.").LabelNames({"x"}).Register(registry);

  requests.Add({{"method", "Get"}, {"code", "OK"}}).Increment(3);
  requests.Add({{"method", "Say \"hi\"\\\n"}, {"code", "OK"}}).Increment();
  requests.Add({{"method", "Get"}, {"code", "INTERNAL"}}).Increment();
  Histogram& sync = latency.Add({{"endpoint", "sync"}});
  sync.Observe(0.0625);
  sync.Observe(0.5);
  sync.Observe(200);
  inflight.Add({}).Set(2.5);

  EXPECT_EQ(registry.Serialize(),
            R"(# HELP leadgw_inflight In flight \\ now.
# TYPE leadgw_inflight gauge
leadgw_inflight 2.5
# HELP leadgw_latency_seconds Latency in seconds.
# TYPE leadgw_latency_seconds histogram
leadgw_latency_seconds_count{endpoint="sync"} 3
leadgw_latency_seconds_sum{endpoint="sync"} 200.5625
leadgw_latency_seconds_bucket{endpoint="sync",le="0.1"} 1
leadgw_latency_seconds_bucket{endpoint="sync",le="1"} 2
leadgw_latency_seconds_bucket{endpoint="sync",le="+Inf"} 3
# HELP leadgw_requests_total Requests handled.\nBy method and code.
# TYPE leadgw_requests_total counter
leadgw_requests_total{code="INTERNAL",method="Get"} 1
leadgw_requests_total{code="OK",method="Get"} 3
leadgw_requests_total{code="OK",method="Say \"hi\"\\\n"} 1
# HELP leadgw_unused No series yet.
# TYPE leadgw_unused gauge
)");
}

// How prometheus-cpp writes values Prometheus must parse back: "Nan" (Prometheus'
// parser accepts any case), signed infinities, shortest round-trip decimals.
TEST(RegistryTest, SerializeSpecialValues) {
  Registry registry;
  Family<Gauge>& values =
      BuildGauge().Name("v").Help("Values.").LabelNames({"kind"}).Register(registry);
  values.Add({{"kind", "nan"}}).Set(std::nan(""));
  values.Add({{"kind", "pos"}}).Set(INFINITY);
  values.Add({{"kind", "neg"}}).Set(-INFINITY);
  values.Add({{"kind", "small"}}).Set(1.5e-7);
  values.Add({{"kind", "tenth"}}).Set(0.1);
  EXPECT_EQ(registry.Serialize(),
            R"(# HELP v Values.
# TYPE v gauge
v{kind="nan"} Nan
v{kind="neg"} -Inf
v{kind="pos"} +Inf
v{kind="small"} 1.5e-07
v{kind="tenth"} 0.1
)");
}

TEST(RegistryTest, SerializeWhileUpdatingAndRegistering) {
  Registry registry;
  Family<Counter>& family =
      BuildCounter().Name("c_total").Help("c").LabelNames({"k"}).Register(registry);
  Counter& counter = family.Add({{"k", "v"}});
  std::thread writer([&] {
    for (int i = 0; i < 100000; ++i) counter.Increment();
  });
  std::thread registrar([&] {
    for (int i = 0; i < 50; ++i) {
      BuildGauge().Name(absl::StrCat("g", i)).Help("g").Register(registry).Add({});
    }
  });
  for (int i = 0; i < 50; ++i) {
    EXPECT_THAT(registry.Serialize(), HasSubstr("# TYPE c_total counter\n"));
  }
  writer.join();
  registrar.join();
  EXPECT_THAT(registry.Serialize(), HasSubstr("c_total{k=\"v\"} 100000\n"));
  EXPECT_EQ(registry.Collect().size(), 51u);
}

}  // namespace
}  // namespace leadgw::metrics
