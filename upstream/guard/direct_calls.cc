#include "upstream/guard/direct_calls.h"

#include <utility>

#include "common/status_macros.h"
#include "upstream/upstream_timeout.h"

namespace leadgw::upstream {

DirectCalls::DirectCalls(UpstreamSettings settings, Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {}

absl::Status DirectCalls::Run(const CallSpec& spec,
                              absl::FunctionRef<absl::Status(const Attempt&)> attempt) {
  Attempt first;
  LEADGW_ASSIGN_OR_RETURN(first.timeout,
                          UpstreamTimeout(settings_.TimeoutFor(spec.endpoint), spec.deadline,
                                          clock_.Now(), spec.endpoint));
  first.cancellation = spec.cancellation;
  return attempt(first);
}

}  // namespace leadgw::upstream
