// The CallContext the service would hand a backend, for backend and stub tests.
#ifndef LEADGW_TESTING_TEST_CONTEXT_H_
#define LEADGW_TESTING_TEST_CONTEXT_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"

namespace leadgw::testing_util {

// A call that must be answered by `deadline`, at `priority`. Tests on a FakeClock pass a
// deadline relative to the fake clock's Now().
inline backends::CallContext TestContext(
    absl::Time deadline, backends::CallPriority priority = backends::CallPriority::kInteractive) {
  backends::CallContext ctx;
  ctx.deadline = deadline;
  ctx.priority = priority;
  return ctx;
}

// An interactive call with 30 s of real time left: ample for any in-process upstream.
inline backends::CallContext TestContext() { return TestContext(absl::Now() + absl::Seconds(30)); }

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_TEST_CONTEXT_H_
