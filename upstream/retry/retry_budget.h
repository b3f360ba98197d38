// A retry budget: a token bucket that keeps retries to a fixed share of upstream traffic,
// so an upstream that fails every call sees at most (1 + ratio) times the normal load
// instead of max_attempts times (no retry storms).
#ifndef LEADGW_UPSTREAM_RETRY_RETRY_BUDGET_H_
#define LEADGW_UPSTREAM_RETRY_RETRY_BUDGET_H_

#include <atomic>
#include <cstdint>

namespace leadgw::upstream::retry {

struct RetryBudgetOptions {
  // Tokens deposited by every first attempt: the long-run share of retries. Negative
  // counts as zero.
  double ratio = 0.2;
  // The balance never exceeds this (bounds the burst of retries after a quiet period).
  double max_balance = 10.0;
  // The balance at construction (lets a new connection retry before any traffic);
  // clamped to [0, max_balance].
  double initial_balance = 3.0;
};

// One per upstream connection, shared by all its calls. Thread-safe and lock-free.
//
// Guarantee: over the budget's life,
//   granted retries <= initial_balance + ratio * OnAttempt() calls
// because every granted retry removes one whole token and tokens only come from the initial
// balance and deposits (the cap only discards tokens). Amounts are kept in exact integer
// micro-tokens, each rounded down, so rounding never loosens the bound.
class RetryBudget {
 public:
  explicit RetryBudget(const RetryBudgetOptions& options = {});

  RetryBudget(const RetryBudget&) = delete;
  RetryBudget& operator=(const RetryBudget&) = delete;

  // Call once for every first attempt of a call (never for retries): deposits `ratio`
  // tokens, capped at max_balance.
  void OnAttempt();

  // Takes one token for a retry and returns true, or returns false (leaving the balance
  // untouched) when less than one token is left; the caller must then not retry.
  bool TryAcquireRetry();

  // The current balance in tokens (a snapshot, for metrics and tests).
  double balance() const;

 private:
  const int64_t deposit_;         // micro-tokens per first attempt
  const int64_t max_balance_;     // micro-tokens
  std::atomic<int64_t> balance_;  // micro-tokens, always in [0, max_balance_]
};

}  // namespace leadgw::upstream::retry

#endif  // LEADGW_UPSTREAM_RETRY_RETRY_BUDGET_H_
