// The outcome of one upstream call, as metrics, the circuit breaker and the retry loop see
// it. A bounded set: it is a metric label (docs/metrics.md).
#ifndef LEADGW_UPSTREAM_GUARD_OUTCOME_H_
#define LEADGW_UPSTREAM_GUARD_OUTCOME_H_

#include "absl/strings/string_view.h"

namespace leadgw::upstream {

enum class Outcome {
  kOk,              // answered, and the upstream reported success
  kRateLimited,     // 606, 615, HTTP 429: not processed
  kQuotaExhausted,  // 607: the daily quota is spent
  kAuthError,       // 601, 602, HTTP 401/403
  kClientError,     // any other 4xx or vendor error about the request itself
  kServerError,     // 5xx, Marketo 604/608/611/713: the upstream failed
  kTimeout,         // the gateway's timeout fired before an answer
  kConnectionError, // no answer: refused, reset, TLS, DNS
  kCircuitOpen,     // not sent: the connection's breaker is open
  kNoCapacity,      // not sent: no capacity before the deadline
};
inline constexpr int kOutcomeCount = static_cast<int>(Outcome::kNoCapacity) + 1;

// "ok", "rate_limited", ...: the `outcome` label.
absl::string_view OutcomeName(Outcome outcome);

// Whether `outcome` says the upstream itself is unhealthy (it opens the breaker).
inline bool IsUpstreamFailure(Outcome outcome) {
  return outcome == Outcome::kServerError || outcome == Outcome::kTimeout ||
         outcome == Outcome::kConnectionError;
}

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_OUTCOME_H_
