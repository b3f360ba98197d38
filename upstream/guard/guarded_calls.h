// GuardedCalls: the CallGuard of a served connection (token calls and retries included).
// In order, for each attempt:
//
//   0. cancellation: a caller that has gone gets CANCELLED, nothing sent (also while
//      queued at the gate, and during the transfer, which is aborted);
//   1. circuit breaker: while open, UNAVAILABLE at once, nothing sent;
//   2. capacity gate: waits for a slot of the rolling rate window, the concurrency cap and
//      the daily budget (interactive calls first), or fails at once with
//      RESOURCE_EXHAUSTED + retry-after when capacity cannot come before the deadline
//      minus the latency a call to the endpoint almost surely takes (LatencyEstimator::
//      Needed; a slot free at once needs only the expected latency): a slot the call
//      cannot use in time is never taken, a waiter woken too late is not sent, and a
//      deadline shorter than the expected latency itself fails at once with
//      DEADLINE_EXCEEDED, nothing sent;
//   3. the attempt, with timeout min(endpoint timeout, deadline - now);
//   4. Classify() reads the attempt's status: metrics, breaker outcome, the latency
//      estimate, gate feedback (a rate-limit answer pauses the gate for the upstream's
//      hint or else a whole window, and lowers the gate's learnt share of the window; an
//      exhausted daily quota closes the day);
//
// and the one retry loop of the gateway (upstream/retry) repeats transient failures with
// full-jitter backoff inside the deadline: idempotent calls on timeouts, connection
// errors, server errors and rate limits; non-idempotent ones only when the upstream
// provably did not process them (rate-limited, never sent). Retries spend the
// connection's retry budget (~20% of calls), except after a rate-limit answer: the gate
// paces those, so a caller whose deadline allows waiting never sees the limit answer.
// docs/reliability.md has the policy in full.
//
// Thread-safe; one instance per connection, shared by its stubs and token provider.
#ifndef LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_H_
#define LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_H_

#include <memory>
#include <string>

#include "common/clock.h"
#include "upstream/breaker/circuit_breaker.h"
#include "upstream/guard/call_guard.h"
#include "upstream/guard/classify.h"
#include "upstream/guard/latency_estimator.h"
#include "upstream/guard/upstream_metrics.h"
#include "upstream/quota/capacity_gate.h"
#include "upstream/retry/retry_budget.h"
#include "upstream/retry/retry_loop.h"
#include "upstream/settings.h"

namespace leadgw::upstream {

struct GuardOptions {
  retry::RetryOptions retry;
  // ~20% of calls; the balance cap allows bursts of retries after quiet spells (a cap of
  // 10 refused ~1% of retries at a steady 15% failure rate).
  retry::RetryBudgetOptions budget = {/*ratio=*/0.2, /*max_balance=*/50.0,
                                      /*initial_balance=*/3.0};
  breaker::BreakerOptions breaker;
  quota::GateOptions gate;
  // Dates attempts and sleeps between them; tests inject a FakeClock. The gate reads
  // `gate.clock`: its waiters block on condition variables in real time, so a simulated
  // clock there only suits tests that never make the gate wait.
  Clock* clock = &RealClock();
};

// The options of `settings` (limits, retry, breaker) with the production clock.
GuardOptions GuardOptionsFor(const UpstreamSettings& settings);

class GuardedCalls final : public CallGuard {
 public:
  // `metrics` must outlive this object (the factory keeps them together).
  GuardedCalls(UpstreamSettings settings, std::shared_ptr<ConnectionMetrics> metrics,
               GuardOptions options);

  // See the file comment and CallGuard::Run.
  absl::Status Run(const CallSpec& spec,
                   absl::FunctionRef<absl::Status(const Attempt&)> attempt) override;
  absl::Duration CallSpacing() const override { return gate_->CallSpacing(); }

  const quota::CapacityGate& gate() const { return *gate_; }
  const LatencyEstimator& latency() const { return latency_; }
  breaker::BreakerState breaker_state() const { return breaker_->state(); }

 private:
  // One attempt: breaker, gate, timeout, the attempt itself, classification. `*verdict`
  // receives the classification's retry verdict; `*sent` whether the call went upstream.
  absl::Status Attempt(const CallSpec& spec, int number,
                       absl::FunctionRef<absl::Status(const upstream::Attempt&)> attempt,
                       retry::AttemptVerdict* verdict, bool* sent);
  // What the gate and the metrics learn from a rate or quota limit answer; adds the
  // caller-facing retry-after hint when the backend gave none.
  void NoteLimitAnswer(const Classification& classification, absl::Status& status);
  // The caller's answer when the last attempt was rate-limited (the deadline left no time
  // to wait for the gate, or max_attempts is 1): the gateway's own RESOURCE_EXHAUSTED
  // with the answer's retry-after, like a refusal of the gate. The upstream's code stays
  // in the metrics and the log, not in the caller's status: the caller needs to know
  // when to come back, not which upstream limit the account hit.
  absl::Status NoCapacityAfterLimitAnswer(const absl::Status& answer) const;

  const UpstreamSettings settings_;
  const std::shared_ptr<ConnectionMetrics> metrics_;
  const GuardOptions options_;
  const std::shared_ptr<quota::CapacityGate> gate_;
  const std::unique_ptr<breaker::CircuitBreaker> breaker_;
  retry::RetryBudget budget_;
  LatencyEstimator latency_;
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_H_
