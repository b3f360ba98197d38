// MarketoResponseClassifier: upstream::ClassifyHttp plus Marketo's errors inside 2xx
// answers (`"success": false` with errors[0].code), for the connection's guard.
//
//   606, 615          rate_limited: not processed, retryable even for writes
//   607               quota_exhausted: nothing to retry until the daily reset
//   601, 602          auth_error: MarketoRestStub refreshes the token and replays once
//   604, 608, 611, 713  server_error: transient, retryable for idempotent calls
//   anything else     client_error: the request itself is wrong
//
// A successful answer is never parsed here: a body without a `"success":false` marker is
// "ok" at the cost of one substring search; MarketoRestStub reads the envelope anyway.
#ifndef LEADGW_BACKENDS_MARKETO_MARKETO_RESPONSE_CLASSIFIER_H_
#define LEADGW_BACKENDS_MARKETO_MARKETO_RESPONSE_CLASSIFIER_H_

#include "absl/time/time.h"
#include "upstream/guard/response_classifier.h"

namespace leadgw::backends::marketo {

class MarketoResponseClassifier final : public upstream::ResponseClassifier {
 public:
  // `rate_window` sizes the pause after a 606 (a tenth of the window: Marketo does not say
  // when a slot frees, and the gate's own log already spaces this gateway's calls).
  explicit MarketoResponseClassifier(absl::Duration rate_window);

  upstream::Classification Classify(const absl::StatusOr<upstream::http::HttpResponse>& result,
                                    absl::Time now) const override;

 private:
  const absl::Duration rate_limit_pause_;
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_MARKETO_RESPONSE_CLASSIFIER_H_
