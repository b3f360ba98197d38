#include "metrics/counter.h"

#include <cmath>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::metrics {
namespace {

TEST(CounterTest, StartsAtZero) {
  Counter counter;
  EXPECT_EQ(counter.Value(), 0.0);
}

TEST(CounterTest, IncrementAddsOne) {
  Counter counter;
  counter.Increment();
  counter.Increment();
  EXPECT_EQ(counter.Value(), 2.0);
}

TEST(CounterTest, IncrementByWholeAndFractionalValues) {
  Counter counter;
  counter.Increment(5);
  counter.Increment(0.25);
  counter.Increment(0.5);
  counter.Increment();
  EXPECT_DOUBLE_EQ(counter.Value(), 6.75);
}

// prometheus-cpp ignores negative increments (a NaN one would poison the counter: no
// caller passes one).
TEST(CounterTest, NegativeIncrementsAreIgnored) {
  Counter counter;
  counter.Increment(3);
  counter.Increment(-1);
  counter.Increment(-0.5);
  EXPECT_EQ(counter.Value(), 3.0);
}

TEST(CounterTest, LargeWholeIncrementStaysExact) {
  Counter counter;
  counter.Increment(4503599627370496.0);  // 2^52
  counter.Increment();
  EXPECT_EQ(counter.Value(), 4503599627370497.0);
}

TEST(CounterTest, CollectWritesValue) {
  Counter counter;
  counter.Increment(1.5);
  EXPECT_EQ(counter.Collect().counter.value, 1.5);
}

TEST(CounterTest, ConcurrentIncrementsGiveExactTotal) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&counter, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half the threads take the fractional (compare-exchange) path.
        if (t % 2 == 0) {
          counter.Increment();
        } else {
          counter.Increment(0.5);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.Value(), kThreads / 2 * kPerThread * 1.5);
}

}  // namespace
}  // namespace leadgw::metrics
