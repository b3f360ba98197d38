// The guard's CallSpec for one upstream call of an RPC: what every backend's REST stub
// hands the connection's guard (upstream/guard/call_guard.h).
#ifndef LEADGW_BACKENDS_COMMON_CALL_SPEC_H_
#define LEADGW_BACKENDS_COMMON_CALL_SPEC_H_

#include "absl/strings/string_view.h"
#include "backends/lead_backend.h"
#include "upstream/guard/call_guard.h"

namespace leadgw::backends::common {

// `endpoint` comes from the backend kind's table; `ctx` must outlive the call (the spec
// views its request id and its cancellation).
inline upstream::CallSpec CallSpecFor(absl::string_view endpoint, bool idempotent,
                                      const CallContext& ctx) {
  upstream::CallSpec spec;
  spec.endpoint = endpoint;
  spec.deadline = ctx.deadline;
  spec.priority = ctx.priority;
  spec.caller_share = ctx.caller_share;
  spec.idempotent = idempotent;
  spec.request_id = ctx.request_id;
  spec.cancellation = &ctx.cancellation;
  return spec;
}

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_CALL_SPEC_H_
