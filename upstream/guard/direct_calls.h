// DirectCalls: a CallGuard that governs nothing. Each call is one attempt with the one
// timeout computation (endpoint timeout capped by the deadline); no quota gate, breaker,
// retries or metrics. For unit tests of backends and for tools that talk to an upstream
// once; a served connection always gets GuardedCalls.
#ifndef LEADGW_UPSTREAM_GUARD_DIRECT_CALLS_H_
#define LEADGW_UPSTREAM_GUARD_DIRECT_CALLS_H_

#include "common/clock.h"
#include "upstream/guard/call_guard.h"
#include "upstream/settings.h"

namespace leadgw::upstream {

class DirectCalls final : public CallGuard {
 public:
  // `clock` must outlive this object.
  explicit DirectCalls(UpstreamSettings settings, Clock& clock = RealClock());

  absl::Status Run(const CallSpec& spec,
                   absl::FunctionRef<absl::Status(const Attempt&)> attempt) override;

 private:
  const UpstreamSettings settings_;
  Clock& clock_;
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_DIRECT_CALLS_H_
