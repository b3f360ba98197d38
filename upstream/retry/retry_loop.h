// The one retry loop of the gateway (docs/adr/0002-where-retries-sit.md): attempts a call until it
// succeeds, fails permanently, runs out of attempts, budget or time. What a result means is decided
// by a backend-specific classifier; whether a retry is safe by the caller's idempotency flag.
#ifndef LEADGW_UPSTREAM_RETRY_RETRY_LOOP_H_
#define LEADGW_UPSTREAM_RETRY_RETRY_LOOP_H_

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "upstream/retry/backoff_policy.h"
#include "upstream/retry/retry_budget.h"

namespace leadgw::upstream::retry {

// Why an attempt is being retried (a bounded metric label set).
enum class RetryReason { kRateLimited, kServerError, kTimeout, kConnectionError, kAuthRefresh };

// "rate_limited", "server_error", "timeout", "connection_error", "auth_refresh".
absl::string_view RetryReasonName(RetryReason reason);

// What one attempt's result means for retrying.
struct AttemptVerdict {
  // Transient: the same call may succeed later.
  bool retryable = false;
  // The upstream provably did not process the call (rate-limited before any work, request
  // never sent), so even a non-idempotent call may be repeated.
  bool not_processed = false;
  RetryReason reason = RetryReason::kServerError;
  // The minimum wait the upstream asked for (Retry-After); zero when none.
  absl::Duration retry_after = absl::ZeroDuration();
  // The retry will wait for the capacity gate, which paces it to the upstream's window
  // (the upstream answered rate-limited). Such a retry spends no retry budget and, after
  // the first attempt, no attempt of max_attempts: waiting is the cure, and a caller
  // whose deadline allows it should never see the limit answer. kMaxGatedRetries still
  // bounds the loop.
  bool gated = false;
};

// Gated retries a call may make beyond max_attempts.
inline constexpr int kMaxGatedRetries = 16;

struct RetryOptions {
  // Attempts in all, the first included; values below 1 count as 1.
  int max_attempts = 4;
  BackoffOptions backoff;
};

// Told about retry decisions (metrics, logs). Called on the thread running the loop.
class RetryObserver {
 public:
  virtual ~RetryObserver() = default;
  // A retry will follow after sleeping `delay`; `attempt` is the 1-based number of the
  // attempt that just failed (so the retry is attempt + 1).
  virtual void OnRetry(RetryReason /*reason*/, int /*attempt*/, absl::Duration /*delay*/) {}
  // A retryable failure was not retried because the retry budget was empty.
  virtual void OnRetryDenied(RetryReason /*reason*/) {}
};

// Runs attempt(n) for n = 1, 2, ... and returns the last attempt's result. It stops when:
//   - classify(result) is not retryable (success included: classify must say so);
//   - the result is retryable but the call is not idempotent and not `not_processed`;
//   - max_attempts attempts have run, not counting gated ones after the first (and at
//     most max_attempts + kMaxGatedRetries in all);
//   - the next delay, max(backoff draw, verdict.retry_after), would end at or after
//     `deadline` (it never sleeps past the deadline; the caller's deadline is the budget of
//     the whole call, so a retry that cannot finish in time is not started);
//   - the budget refuses a retry that is not gated (observer->OnRetryDenied).
// Between attempts it sleeps with clock.SleepFor. budget->OnAttempt() is called once per
// call, for the first attempt. `budget` and `observer` may be null. `jitter_seed` seeds
// this call's ExponentialBackoff (RandomJitterSeed() in production, a constant in tests).
//
// T cannot be deduced through absl::FunctionRef: write RetryLoop<HttpResponse>(...).
// `classify` sees the whole StatusOr<T> because a transport-level success may carry an
// upstream error (an HTTP 503, a 200 with a vendor error envelope).
// Thread-safety: as safe as attempt/classify; budget and clock are thread-safe.
template <typename T>
absl::StatusOr<T> RetryLoop(const RetryOptions& options, bool idempotent, absl::Time deadline,
                            Clock& clock, RetryBudget* budget, RetryObserver* observer,
                            uint64_t jitter_seed,
                            absl::FunctionRef<absl::StatusOr<T>(int attempt)> attempt,
                            absl::FunctionRef<AttemptVerdict(const absl::StatusOr<T>&)> classify) {
  if (budget != nullptr) budget->OnAttempt();
  const int max_attempts = std::max(options.max_attempts, 1);
  // Made at the first retry: seeding its engine costs more than most calls need.
  std::optional<ExponentialBackoff> backoff;
  int counted = 0;  // attempts that count against max_attempts
  for (int n = 1;; ++n) {
    absl::StatusOr<T> result = attempt(n);
    const AttemptVerdict verdict = classify(result);
    if (n == 1 || !verdict.gated) ++counted;
    if (counted >= max_attempts || n >= max_attempts + kMaxGatedRetries) return result;
    if (!verdict.retryable) return result;
    if (!idempotent && !verdict.not_processed) return result;
    if (!backoff.has_value()) backoff.emplace(options.backoff, jitter_seed);
    const absl::Duration delay = std::max(backoff->NextDelay(), verdict.retry_after);
    // Checked before the budget so a retry that would not run costs no token.
    if (clock.Now() + delay >= deadline) return result;
    if (!verdict.gated && budget != nullptr && !budget->TryAcquireRetry()) {
      if (observer != nullptr) observer->OnRetryDenied(verdict.reason);
      return result;
    }
    if (observer != nullptr) observer->OnRetry(verdict.reason, n, delay);
    clock.SleepFor(delay);
  }
}

}  // namespace leadgw::upstream::retry

#endif  // LEADGW_UPSTREAM_RETRY_RETRY_LOOP_H_
