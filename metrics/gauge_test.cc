#include "metrics/gauge.h"

#include <cmath>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace leadgw::metrics {
namespace {

TEST(GaugeTest, StartsAtZero) {
  Gauge gauge;
  EXPECT_EQ(gauge.Value(), 0.0);
}

TEST(GaugeTest, SetIncrementDecrement) {
  Gauge gauge;
  gauge.Set(10);
  gauge.Increment();
  gauge.Increment(2.5);
  gauge.Decrement();
  gauge.Decrement(4);
  EXPECT_DOUBLE_EQ(gauge.Value(), 8.5);
  gauge.Set(-3);
  EXPECT_EQ(gauge.Value(), -3.0);
}

TEST(GaugeTest, SetToCurrentTimeIsNow) {
  Gauge gauge;
  // prometheus-cpp uses std::time(): whole seconds.
  const double before = std::floor(absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
  gauge.SetToCurrentTime();
  const double after = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_GE(gauge.Value(), before);
  EXPECT_LE(gauge.Value(), after);
}

TEST(GaugeTest, ConcurrentIncrementsAndDecrementsBalance) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  Gauge gauge;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&gauge] {
      for (int i = 0; i < kPerThread; ++i) gauge.Increment();
      for (int i = 0; i < kPerThread / 2; ++i) gauge.Decrement();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(gauge.Value(), kThreads * kPerThread / 2.0);
}

TEST(GaugeTest, CollectWritesValue) {
  Gauge gauge;
  gauge.Set(-7.5);
  EXPECT_EQ(gauge.Collect().gauge.value, -7.5);
}

}  // namespace
}  // namespace leadgw::metrics
