#include "upstream/http_outcome.h"

#include "upstream/http/retry_after.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream {

void SetHttpOutcome(absl::Status& status, const http::HttpResponse& response, absl::Time now) {
  const Outcome outcome = OutcomeForHttpStatus(response.status_code);
  absl::Duration wait = absl::ZeroDuration();
  if (outcome == Outcome::kRateLimited || outcome == Outcome::kServerError) {
    wait = http::ParseRetryAfter(response, now).value_or(absl::ZeroDuration());
  }
  SetOutcome(status, outcome, wait);
}

}  // namespace leadgw::upstream
