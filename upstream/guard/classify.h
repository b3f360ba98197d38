// Classify: what one attempt's status means for metrics, the breaker, the quota gate and
// retries. Vendor-free: a status a backend mapped from an upstream answer carries its
// outcome (SetOutcome, upstream/upstream_error.h); a transport error is read by its code.
#ifndef LEADGW_UPSTREAM_GUARD_CLASSIFY_H_
#define LEADGW_UPSTREAM_GUARD_CLASSIFY_H_

#include "absl/status/status.h"
#include "upstream/outcome.h"
#include "upstream/retry/retry_loop.h"

namespace leadgw::upstream {

struct Classification {
  Outcome outcome = Outcome::kOk;
  // Whether and how the same call may be sent again.
  retry::AttemptVerdict verdict;
};

// - OK: ok;
// - a recorded outcome: rate_limited (retryable, not processed, gated: the capacity gate
//   paces its retry), server_error (retryable),
//   timeout and connection_error (retryable), others final; the retry waits at least the
//   upstream's own hint (UpstreamWait);
// - no outcome (the transport failed): DEADLINE_EXCEEDED timeout, UNAVAILABLE connection
//   error, both retryable and "not processed" when the transport proved nothing was sent
//   (http::RequestWasNotSent); any other code a client error.
Classification Classify(const absl::Status& status);

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_CLASSIFY_H_
