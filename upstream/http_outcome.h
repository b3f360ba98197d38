// The vendor-neutral outcome of an HTTP answer, recorded on the status a backend made of
// it: OutcomeForHttpStatus, with the upstream's Retry-After (on 429, 408 and 5xx) as its
// wait hint. The common case of every backend's error table.
#ifndef LEADGW_UPSTREAM_HTTP_OUTCOME_H_
#define LEADGW_UPSTREAM_HTTP_OUTCOME_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "upstream/http/http_client.h"

namespace leadgw::upstream {

// SetOutcome(status, OutcomeForHttpStatus(response.status_code), Retry-After if any).
// `now` dates an HTTP-date Retry-After.
void SetHttpOutcome(absl::Status& status, const http::HttpResponse& response, absl::Time now);

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_HTTP_OUTCOME_H_
