// An in-memory HotProfile REST API on a loopback port, for tests and the gateway's
// sandbox mode. Endpoints live at base_url() + "/rest_api/v1/...", admin routes at
// base_url() + "/admin/..." (see emulators/common/README.md and README.md here).
#ifndef LEADGW_EMULATORS_HOTPROFILE_HOTPROFILE_EMULATOR_H_
#define LEADGW_EMULATORS_HOTPROFILE_HOTPROFILE_EMULATOR_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "emulators/common/fault_controls.h"
#include "emulators/common/loopback_server.h"
#include "emulators/common/request_counters.h"
#include "emulators/common/rolling_window_limiter.h"
#include "emulators/hotprofile/api.h"
#include "emulators/hotprofile/store.h"

namespace leadgw::emulators::hotprofile {

struct HotProfileEmulatorOptions {
  // The one key the emulated tenant accepts (query parameter api_key).
  std::string api_key = "sandbox-api-key";
  // At most rate_limit_calls authenticated API calls per rolling rate_window (the
  // connector's 100 per 60 s); <= 0 disables the limit.
  int rate_limit_calls = 100;
  absl::Duration rate_window = absl::Seconds(60);
  // Load ~10 companies, 30 business cards and 20 leads at start and on /admin/reset.
  bool demo_data = true;
  // Stamps created_at/updated_at and drives the rate-limit window; tests inject a fake.
  common::NowFunction clock = common::RealClock();
  // Worker threads of the HTTP server (requests handled at once).
  int worker_threads = 16;
};

// Lifecycle: construct, Start() once, Stop() (or destroy). All methods are thread-safe.
//
// Per request: count it (endpoint name from EndpointName(), "unknown" for other paths),
// apply faults (down 503, drop, latency, injected error code rendered as that HTTP
// status), then HotProfileApi::Handle, then count the outcome ("ok" or the HTTP status).
// POST /admin/reset also forgets the rate-limit window and restores the initial data.
class HotProfileEmulator {
 public:
  explicit HotProfileEmulator(HotProfileEmulatorOptions options);
  HotProfileEmulator(const HotProfileEmulator&) = delete;
  HotProfileEmulator& operator=(const HotProfileEmulator&) = delete;
  ~HotProfileEmulator();

  // Loads the initial data, binds `host`:`port` (0: any free port) and serves in a
  // background thread. Returns the bound port. UNAVAILABLE if the bind fails,
  // FAILED_PRECONDITION if already started.
  absl::StatusOr<int> Start(const std::string& host = "127.0.0.1", int port = 0);

  // Stops serving and joins the server thread. Idempotent.
  void Stop();

  // "http://127.0.0.1:PORT", empty before Start().
  std::string base_url() const;

  // Requests and outcomes per endpoint (also served at GET /admin/counters).
  common::RequestCounters& counters() { return counters_; }

  // The last requests received as they came off the wire (raw targets, headers).
  common::RequestLog& received_requests() { return server_.received_requests(); }

  // Fault knobs applied to every API request (also POST /admin/faults).
  common::FaultControls& faults() { return faults_; }

  // Direct access to the records, e.g. to seed a test beyond the API's reach.
  HotProfileStore& store() { return store_; }

 private:
  absl::Status ResetData();
  void RegisterRoutes();
  void Serve(const httplib::Request& req, std::string body, httplib::Response& res);

  const HotProfileEmulatorOptions options_;
  common::RequestCounters counters_;
  common::FaultControls faults_;
  common::RollingWindowLimiter limiter_;
  HotProfileStore store_;
  HotProfileApi api_;
  common::LoopbackHttpServer server_;
};

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_HOTPROFILE_EMULATOR_H_
