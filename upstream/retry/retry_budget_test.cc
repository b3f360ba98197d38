#include "upstream/retry/retry_budget.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::upstream::retry {
namespace {

TEST(RetryBudgetTest, StartsWithInitialBalance) {
  RetryBudget budget;  // initial 3
  EXPECT_DOUBLE_EQ(budget.balance(), 3.0);
  EXPECT_TRUE(budget.TryAcquireRetry());
  EXPECT_TRUE(budget.TryAcquireRetry());
  EXPECT_TRUE(budget.TryAcquireRetry());
  EXPECT_FALSE(budget.TryAcquireRetry());
  EXPECT_DOUBLE_EQ(budget.balance(), 0.0);
}

TEST(RetryBudgetTest, FiveFirstAttemptsEarnOneRetryAtRatioOneFifth) {
  RetryBudgetOptions options;
  options.initial_balance = 0;
  RetryBudget budget(options);
  for (int i = 0; i < 4; ++i) budget.OnAttempt();
  EXPECT_FALSE(budget.TryAcquireRetry());
  budget.OnAttempt();  // 5 * 0.2 = exactly one token (integer micro-tokens, no FP drift)
  EXPECT_TRUE(budget.TryAcquireRetry());
  EXPECT_FALSE(budget.TryAcquireRetry());
}

TEST(RetryBudgetTest, RatioBoundHoldsWhenEveryCallWantsRetries) {
  RetryBudget budget;  // ratio 0.2, initial 3, max 10
  constexpr int kCalls = 10000;
  int retries = 0;
  for (int call = 0; call < kCalls; ++call) {
    budget.OnAttempt();
    // Every call fails and would retry up to 3 times.
    for (int r = 0; r < 3 && budget.TryAcquireRetry(); ++r) ++retries;
  }
  EXPECT_LE(retries, 3 + 0.2 * kCalls);
  // The budget is not stingier than promised either: nearly all earned tokens are spent.
  EXPECT_GE(retries, 0.2 * kCalls);
}

TEST(RetryBudgetTest, BalanceIsCappedAtMaximum) {
  RetryBudgetOptions options;
  options.max_balance = 10;
  RetryBudget budget(options);
  for (int i = 0; i < 1000; ++i) budget.OnAttempt();  // would be 203 tokens uncapped
  EXPECT_DOUBLE_EQ(budget.balance(), 10.0);
  int retries = 0;
  while (budget.TryAcquireRetry() && retries < 100) ++retries;
  EXPECT_EQ(retries, 10);
}

TEST(RetryBudgetTest, InitialBalanceClampedToMaximumAndNegativesToZero) {
  RetryBudgetOptions options;
  options.initial_balance = 50;
  options.max_balance = 2;
  EXPECT_DOUBLE_EQ(RetryBudget(options).balance(), 2.0);

  options.initial_balance = -1;
  options.ratio = -0.5;
  RetryBudget negative(options);
  negative.OnAttempt();
  EXPECT_DOUBLE_EQ(negative.balance(), 0.0);
  EXPECT_FALSE(negative.TryAcquireRetry());
}

TEST(RetryBudgetTest, ConcurrentUseKeepsTheBound) {
  RetryBudget budget;
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 5000;
  std::atomic<int> retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&budget, &retries] {
      for (int call = 0; call < kCallsPerThread; ++call) {
        budget.OnAttempt();
        for (int r = 0; r < 3 && budget.TryAcquireRetry(); ++r) {
          retries.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  constexpr int kCalls = kThreads * kCallsPerThread;
  EXPECT_LE(retries.load(), 3 + 0.2 * kCalls);
  EXPECT_GE(retries.load(), 0.2 * kCalls - 10);  // at most the cap can be left unspent
  EXPECT_GE(budget.balance(), 0.0);
  EXPECT_LE(budget.balance(), 10.0);
  // No token is created by a race: spent + left <= earned (the cap may only discard).
  EXPECT_LE(retries.load() + budget.balance(), 3 + 0.2 * kCalls + 1e-9);
}

}  // namespace
}  // namespace leadgw::upstream::retry
