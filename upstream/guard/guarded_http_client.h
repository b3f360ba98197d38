// GuardedHttpClient: the decorator every upstream call of a connection goes through
// (STYLE.md #4), token calls and retries included. In order, for each attempt:
//
//   1. circuit breaker: while open, UNAVAILABLE at once, nothing sent;
//   2. capacity gate: waits for a slot of the rolling rate window, the concurrency cap and
//      the daily budget (interactive calls first), or fails at once with
//      RESOURCE_EXHAUSTED + retry-after when capacity cannot come before the deadline;
//   3. the wrapped transport, with timeout min(endpoint timeout, deadline - now);
//   4. the backend's ResponseClassifier reads the answer: metrics, breaker outcome, gate
//      feedback (an upstream 606/429 pauses the gate, 607 closes the day);
//
// and the one retry loop of the gateway (upstream/retry) repeats transient failures with
// full-jitter backoff inside the deadline: idempotent requests on timeouts, connection
// errors, 5xx and rate limits; non-idempotent ones only when the upstream provably did not
// process them (rate-limited, never sent). Retries spend the connection's retry budget
// (~20% of calls). The last attempt's transport result is returned unchanged, so the
// adapter maps it as before. docs/reliability.md has the policy in full.
//
// Thread-safe; one instance per connection, shared by its stubs and token provider.
#ifndef LEADGW_UPSTREAM_GUARD_GUARDED_HTTP_CLIENT_H_
#define LEADGW_UPSTREAM_GUARD_GUARDED_HTTP_CLIENT_H_

#include <memory>
#include <string>

#include "upstream/settings.h"
#include "upstream/http/http_client.h"
#include "upstream/quota/capacity_gate.h"
#include "upstream/breaker/circuit_breaker.h"
#include "common/clock.h"
#include "upstream/retry/retry_budget.h"
#include "upstream/retry/retry_loop.h"
#include "upstream/guard/response_classifier.h"
#include "upstream/guard/upstream_metrics.h"

namespace leadgw::upstream {

struct GuardOptions {
  retry::RetryOptions retry;
  // ~20% of calls; the balance cap allows bursts of retries after quiet spells (a cap of
  // 10 refused ~1% of retries at a steady 15% failure rate).
  retry::RetryBudgetOptions budget = {/*ratio=*/0.2, /*max_balance=*/50.0,
                                      /*initial_balance=*/3.0};
  breaker::BreakerOptions breaker;
  quota::GateOptions gate;
  // Sleeps between attempts and dates them; tests inject a fake one.
  Clock* clock = &RealClock();
};

// The options of `settings` (limits, retry, breaker) with the production clock.
GuardOptions GuardOptionsFor(const UpstreamSettings& settings);

class GuardedHttpClient final : public http::HttpClient {
 public:
  // `classifier` and `metrics` must outlive this object (the factory keeps them together).
  GuardedHttpClient(std::string connection, std::shared_ptr<http::HttpClient> transport,
                    std::shared_ptr<const ResponseClassifier> classifier,
                    std::shared_ptr<ConnectionMetrics> metrics, GuardOptions options);

  // See the file comment. Errors beyond the transport's: UNAVAILABLE "circuit open ..."
  // and RESOURCE_EXHAUSTED "no upstream capacity ..." (both with a retry-after hint, nothing
  // sent), DEADLINE_EXCEEDED when the deadline passed before the call could be sent.
  absl::StatusOr<http::HttpResponse> Send(const http::HttpRequest& request) override;

  const quota::CapacityGate& gate() const { return *gate_; }
  breaker::BreakerState breaker_state() const { return breaker_->state(); }

 private:
  // One attempt: breaker, gate, transport, classification. `*verdict` receives the
  // classification's retry verdict.
  absl::StatusOr<http::HttpResponse> Attempt(const http::HttpRequest& request,
                                             retry::AttemptVerdict* verdict);

  const std::string connection_;
  const std::shared_ptr<http::HttpClient> transport_;
  const std::shared_ptr<const ResponseClassifier> classifier_;
  const std::shared_ptr<ConnectionMetrics> metrics_;
  const GuardOptions options_;
  const std::shared_ptr<quota::CapacityGate> gate_;
  const std::unique_ptr<breaker::CircuitBreaker> breaker_;
  retry::RetryBudget budget_;
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_GUARDED_HTTP_CLIENT_H_
