// ResponseClassifier: what one upstream answer means for metrics, the breaker and retries.
//
// The transport and HTTP layer is the same for every backend (ClassifyHttp); a backend
// whose errors hide inside 2xx bodies (Marketo's `"success": false` envelope) adds its own
// reading on top. Classifiers never parse a successful body fully: the call path must stay
// cheap, so Marketo's looks for the failure marker first.
#ifndef LEADGW_UPSTREAM_GUARD_RESPONSE_CLASSIFIER_H_
#define LEADGW_UPSTREAM_GUARD_RESPONSE_CLASSIFIER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "upstream/http/http_client.h"
#include "upstream/retry/retry_loop.h"
#include "upstream/guard/outcome.h"

namespace leadgw::upstream {

struct Classification {
  Outcome outcome = Outcome::kOk;
  // Whether and how the same request may be sent again.
  retry::AttemptVerdict verdict;
  // "606", "607", "615", "429" when the upstream answered a rate or quota limit; else "".
  std::string rate_limit_code;
};

class ResponseClassifier {
 public:
  virtual ~ResponseClassifier() = default;
  // Classifies one attempt's transport result. `now` dates HTTP-date Retry-After values.
  // Thread-safe.
  virtual Classification Classify(const absl::StatusOr<http::HttpResponse>& result,
                                   absl::Time now) const = 0;
};

// The backend-independent reading:
// - transport DEADLINE_EXCEEDED: timeout, retryable (idempotent calls only);
// - transport UNAVAILABLE: connection error, retryable; not processed when the transport
//   proved no byte was sent (http::RequestWasNotSent);
// - other transport errors: client error, not retryable;
// - 2xx: ok; 429: rate limited, retryable, not processed, Retry-After honoured;
// - 401/403: auth error; 408 and 5xx: server error, retryable (503's Retry-After
//   honoured); other statuses: client error.
Classification ClassifyHttp(const absl::StatusOr<http::HttpResponse>& result, absl::Time now);

// ClassifyHttp as a ResponseClassifier (HotProfile's errors are all HTTP statuses).
class HttpStatusClassifier : public ResponseClassifier {
 public:
  Classification Classify(const absl::StatusOr<http::HttpResponse>& result,
                          absl::Time now) const override {
    return ClassifyHttp(result, now);
  }
};





}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_RESPONSE_CLASSIFIER_H_
