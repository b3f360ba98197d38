#include "upstream/retry/retry_budget.h"

#include <algorithm>
#include <cmath>

namespace leadgw::upstream::retry {
namespace {

constexpr int64_t kMicrosPerToken = 1'000'000;
// Keeps conversions far from int64 overflow (a trillion tokens is more than any budget).
constexpr double kMaxTokens = 1e12;

// Tokens -> micro-tokens, rounded down; NaN and negatives become 0.
int64_t ToMicros(double tokens) {
  if (!(tokens > 0)) return 0;
  return static_cast<int64_t>(std::floor(std::min(tokens, kMaxTokens) * kMicrosPerToken));
}

}  // namespace

RetryBudget::RetryBudget(const RetryBudgetOptions& options)
    : deposit_(ToMicros(options.ratio)),
      max_balance_(ToMicros(options.max_balance)),
      balance_(std::min(ToMicros(options.initial_balance), ToMicros(options.max_balance))) {}

void RetryBudget::OnAttempt() {
  int64_t current = balance_.load(std::memory_order_relaxed);
  int64_t next;
  do {
    next = std::min(current + deposit_, max_balance_);
    if (next == current) return;  // already full
  } while (!balance_.compare_exchange_weak(current, next, std::memory_order_relaxed));
}

bool RetryBudget::TryAcquireRetry() {
  int64_t current = balance_.load(std::memory_order_relaxed);
  do {
    if (current < kMicrosPerToken) return false;
  } while (!balance_.compare_exchange_weak(current, current - kMicrosPerToken,
                                           std::memory_order_relaxed));
  return true;
}

double RetryBudget::balance() const {
  return static_cast<double>(balance_.load(std::memory_order_relaxed)) / kMicrosPerToken;
}

}  // namespace leadgw::upstream::retry
