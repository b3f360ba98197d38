// The time one upstream call may take: never past the RPC's deadline.
#ifndef LEADGW_UPSTREAM_UPSTREAM_TIMEOUT_H_
#define LEADGW_UPSTREAM_UPSTREAM_TIMEOUT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::upstream {

// min(endpoint_timeout, deadline - now). DEADLINE_EXCEEDED naming `endpoint` when nothing
// is left (deadline <= now), so no call is started that could only time out. An infinite
// deadline leaves the endpoint's timeout. Pure function.
absl::StatusOr<absl::Duration> UpstreamTimeout(absl::Duration endpoint_timeout, absl::Time deadline,
                                               absl::Time now, absl::string_view endpoint);

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_UPSTREAM_TIMEOUT_H_
