// Admin HTTP routes shared by the emulators: read counters, set faults, reset.
#ifndef LEADGW_EMULATORS_COMMON_ADMIN_ROUTES_H_
#define LEADGW_EMULATORS_COMMON_ADMIN_ROUTES_H_

#include <functional>

#include "emulators/common/fault_controls.h"
#include "emulators/common/request_counters.h"
#include "httplib.h"

namespace leadgw::emulators::common {

// Registers on `server`:
//   GET  /admin/counters  -> 200 RequestCounters::ToJson()
//   GET  /admin/faults    -> 200 FaultControls::ToJson()
//   POST /admin/faults    -> FaultControls::ApplyJson(body); 200 with the new knobs, or
//                            400 {"error":"..."} leaving the knobs unchanged
//   POST /admin/reset     -> zeroes counters, resets faults, then calls `on_reset` (if
//                            set) so the emulator can clear its own state (e.g. limiter
//                            windows); 200 {"reset":true}
// The POST routes are content-reader routes: httplib tries those before plain POST
// routes, so call this BEFORE registering any catch-all route. Admin requests are not
// counted and never see faults. `counters`, `faults` and `on_reset` must outlive the
// server.
void RegisterAdminRoutes(httplib::Server& server, RequestCounters& counters,
                         FaultControls& faults, std::function<void()> on_reset = nullptr);

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_ADMIN_ROUTES_H_
