#include "upstream/guard/classify.h"

#include "upstream/http/http_client.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream {
namespace {

Classification Retryable(Outcome outcome, retry::RetryReason reason, bool not_processed,
                         absl::Duration retry_after) {
  Classification c;
  c.outcome = outcome;
  c.verdict.retryable = true;
  c.verdict.not_processed = not_processed;
  c.verdict.reason = reason;
  c.verdict.retry_after = retry_after;
  return c;
}

Classification Final(Outcome outcome) {
  Classification c;
  c.outcome = outcome;
  return c;
}

Classification ClassifyTransportError(const absl::Status& status) {
  const bool not_sent = http::RequestWasNotSent(status);
  switch (status.code()) {
    case absl::StatusCode::kDeadlineExceeded:
      return Retryable(Outcome::kTimeout, retry::RetryReason::kTimeout, not_sent,
                       absl::ZeroDuration());
    case absl::StatusCode::kUnavailable:
      return Retryable(Outcome::kConnectionError, retry::RetryReason::kConnectionError,
                       not_sent, absl::ZeroDuration());
    default:
      return Final(Outcome::kClientError);
  }
}

}  // namespace

Classification Classify(const absl::Status& status) {
  if (status.ok()) return Final(Outcome::kOk);
  const std::optional<Outcome> outcome = OutcomeOf(status);
  if (!outcome.has_value()) return ClassifyTransportError(status);
  const absl::Duration wait = UpstreamWait(status);
  switch (*outcome) {
    case Outcome::kRateLimited: {
      // The gate learnt from this answer (GuardedCalls::NoteLimitAnswer) and paces the
      // retry; see AttemptVerdict::gated.
      Classification c = Retryable(*outcome, retry::RetryReason::kRateLimited, true, wait);
      c.verdict.gated = true;
      return c;
    }
    case Outcome::kServerError:
      return Retryable(*outcome, retry::RetryReason::kServerError, false, wait);
    case Outcome::kTimeout:
      return Retryable(*outcome, retry::RetryReason::kTimeout, false, wait);
    case Outcome::kConnectionError:
      return Retryable(*outcome, retry::RetryReason::kConnectionError, false, wait);
    default:
      return Final(*outcome);
  }
}

}  // namespace leadgw::upstream
