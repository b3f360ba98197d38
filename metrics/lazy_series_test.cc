#include "metrics/lazy_series.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/builder.h"

namespace leadgw::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LazySeriesTest, AbsentFromTheScrapeUntilFirstUse) {
  Registry registry;
  Family<Counter>& family =
      BuildCounter().Name("calls_total").Help("c").LabelNames({"code"}).Register(registry);
  LazySeries<Counter> series(family, {{"code", "OK"}});
  EXPECT_THAT(registry.Serialize(), Not(HasSubstr("calls_total{")));
  series.Get().Increment();
  series.Get().Increment();
  EXPECT_THAT(registry.Serialize(), HasSubstr("calls_total{code=\"OK\"} 2\n"));
}

TEST(LazySeriesTest, ConcurrentFirstUsesShareOneSeries) {
  Registry registry;
  Family<Counter>& family =
      BuildCounter().Name("calls_total").Help("c").LabelNames({"code"}).Register(registry);
  LazySeries<Counter> series(family, {{"code", "OK"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) series.Get().Increment();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(family.Add({{"code", "OK"}}).Value(), 8000);
}

}  // namespace
}  // namespace leadgw::metrics
