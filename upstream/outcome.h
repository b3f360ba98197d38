// The outcome of one upstream call, as metrics, the circuit breaker and the retry loop see
// it. A bounded set: it is a metric label (docs/metrics.md). Each backend's error table
// attaches the outcome of an answer to the status it returns (SetOutcome in
// upstream_error.h); the guard reads it and never parses a vendor's answer itself.
#ifndef LEADGW_UPSTREAM_OUTCOME_H_
#define LEADGW_UPSTREAM_OUTCOME_H_

#include "absl/strings/string_view.h"

namespace leadgw::upstream {

enum class Outcome {
  kOk,              // answered, and the upstream reported success
  kRateLimited,     // a rate or concurrency limit (HTTP 429): not processed
  kQuotaExhausted,  // the daily quota is spent
  kAuthError,       // credentials rejected (HTTP 401/403)
  kClientError,     // any other 4xx or vendor error about the request itself
  kServerError,     // 5xx or a vendor's transient failure: the upstream failed
  kTimeout,         // the gateway's timeout fired before an answer
  kConnectionError, // no answer: refused, reset, TLS, DNS
  kCircuitOpen,     // not sent: the connection's breaker is open
  kNoCapacity,      // not sent: no capacity before the deadline
};
inline constexpr int kOutcomeCount = static_cast<int>(Outcome::kNoCapacity) + 1;

// "ok", "rate_limited", ...: the `outcome` label.
absl::string_view OutcomeName(Outcome outcome);

// The backend-independent reading of an HTTP status: 2xx ok; 429 rate limited; 401/403
// auth error; 408 and 5xx server error; anything else client error. Backends whose errors
// are HTTP statuses use it as their table; others start from it.
Outcome OutcomeForHttpStatus(int http_status);

// Whether `outcome` says the upstream itself is unhealthy (it opens the breaker).
inline bool IsUpstreamFailure(Outcome outcome) {
  return outcome == Outcome::kServerError || outcome == Outcome::kTimeout ||
         outcome == Outcome::kConnectionError;
}

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_OUTCOME_H_
