#include "upstream/guard/response_classifier.h"

#include "upstream/http/retry_after.h"

namespace leadgw::upstream {
namespace {

Classification Retryable(Outcome outcome, retry::RetryReason reason, bool not_processed,
                         absl::Duration retry_after = absl::ZeroDuration()) {
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

}  // namespace

Classification ClassifyHttp(const absl::StatusOr<http::HttpResponse>& result, absl::Time now) {
  if (!result.ok()) {
    switch (result.status().code()) {
      case absl::StatusCode::kDeadlineExceeded:
        return Retryable(Outcome::kTimeout, retry::RetryReason::kTimeout,
                         http::RequestWasNotSent(result.status()));
      case absl::StatusCode::kUnavailable:
        return Retryable(Outcome::kConnectionError, retry::RetryReason::kConnectionError,
                         http::RequestWasNotSent(result.status()));
      case absl::StatusCode::kInvalidArgument:
        return Final(Outcome::kClientError);
      default:
        return Final(Outcome::kConnectionError);
    }
  }
  const int status = result->status_code;
  if (status >= 200 && status <= 299) return Final(Outcome::kOk);
  const absl::Duration hint =
      http::ParseRetryAfter(*result, now).value_or(absl::ZeroDuration());
  if (status == 429) {
    Classification c =
        Retryable(Outcome::kRateLimited, retry::RetryReason::kRateLimited, true, hint);
    c.rate_limit_code = "429";
    return c;
  }
  if (status == 401 || status == 403) return Final(Outcome::kAuthError);
  if (status == 408 || (status >= 500 && status <= 599)) {
    return Retryable(Outcome::kServerError, retry::RetryReason::kServerError, false, hint);
  }
  return Final(Outcome::kClientError);
}

}  // namespace leadgw::upstream
