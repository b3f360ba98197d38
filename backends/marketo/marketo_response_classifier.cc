#include "backends/marketo/marketo_response_classifier.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "backends/marketo/envelope.h"

namespace leadgw::backends::marketo {
namespace {

using upstream::Classification;
using upstream::Outcome;

// Calls rejected for concurrency usually succeed once a running call ends.
constexpr absl::Duration kConcurrencyPause = absl::Seconds(1);

bool MayHoldError(absl::string_view body) {
  return absl::StrContains(body, "\"success\":false") ||
         absl::StrContains(body, "\"success\": false");
}

Classification Retryable(Outcome outcome, upstream::retry::RetryReason reason, bool not_processed,
                         absl::Duration retry_after) {
  Classification c;
  c.outcome = outcome;
  c.verdict.retryable = true;
  c.verdict.not_processed = not_processed;
  c.verdict.reason = reason;
  c.verdict.retry_after = retry_after;
  return c;
}

}  // namespace

MarketoResponseClassifier::MarketoResponseClassifier(absl::Duration rate_window)
    : rate_limit_pause_(std::max(absl::Milliseconds(100), rate_window / 10)) {}

Classification MarketoResponseClassifier::Classify(
    const absl::StatusOr<upstream::http::HttpResponse>& result, absl::Time now) const {
  Classification http = upstream::ClassifyHttp(result, now);
  if (http.outcome != Outcome::kOk || !MayHoldError(result->body)) return http;
  absl::StatusOr<Envelope> envelope = ParseEnvelope(result->body);
  // An unreadable body is the stub's to report (INTERNAL); nothing here to retry.
  if (!envelope.ok() || envelope->success) return http;
  const std::string& code = envelope->error_code;
  Classification c;
  if (code == "606" || code == "615") {
    c = Retryable(Outcome::kRateLimited, upstream::retry::RetryReason::kRateLimited, true,
                  code == "606" ? rate_limit_pause_ : kConcurrencyPause);
    c.rate_limit_code = code;
  } else if (code == "607") {
    c.outcome = Outcome::kQuotaExhausted;
    c.rate_limit_code = code;
  } else if (code == "601" || code == "602") {
    c.outcome = Outcome::kAuthError;
  } else if (code == "604" || code == "608" || code == "611" || code == "713") {
    c = Retryable(Outcome::kServerError, upstream::retry::RetryReason::kServerError, false,
                  absl::ZeroDuration());
  } else {
    c.outcome = Outcome::kClientError;
  }
  return c;
}

}  // namespace leadgw::backends::marketo
