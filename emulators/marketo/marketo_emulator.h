// An in-memory Marketo Engage Lead Database REST API (identity + /rest/v1 lead
// endpoints) on a loopback port, faithful to the envelope, error codes and limits of
// the real service, with fault injection and admin routes for tests.
#ifndef LEADGW_EMULATORS_MARKETO_MARKETO_EMULATOR_H_
#define LEADGW_EMULATORS_MARKETO_MARKETO_EMULATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "emulators/common/concurrency_gauge.h"
#include "emulators/common/fault_controls.h"
#include "emulators/common/loopback_server.h"
#include "emulators/common/request_counters.h"
#include "emulators/common/rolling_window_limiter.h"
#include "emulators/marketo/daily_quota.h"
#include "emulators/marketo/envelope.h"
#include "emulators/marketo/lead_store.h"
#include "emulators/marketo/router.h"
#include "emulators/marketo/token_registry.h"
#include "httplib.h"

namespace leadgw::emulators::marketo {

struct MarketoEmulatorOptions {
  std::string client_id = "sandbox-client";
  std::string client_secret = "sandbox-secret";
  absl::Duration token_lifetime = absl::Seconds(3600);
  // 606 beyond rate_limit_calls per rolling rate_window; <= 0 disables.
  int rate_limit_calls = 100;
  absl::Duration rate_window = absl::Seconds(20);
  // 615 beyond max_concurrent REST calls in flight; <= 0 disables.
  int max_concurrent = 10;
  // 607 beyond daily_quota REST calls per CST day; <= 0 disables.
  int daily_quota = 50000;
  // createOrUpdate sleeps this long between lookup and insert without holding the store,
  // reproducing the duplicate hazard of concurrent upserts (see lead_writer.h).
  absl::Duration duplicate_race_delay = absl::ZeroDuration();
  bool demo_data = true;
  // false: describe2.json is not served (610, like any unknown path), as on an instance
  // or behind a proxy without it; clients fall back to describe.json.
  bool describe2 = true;
  // HTTP worker threads; keep well above max_concurrent so 615 is reachable.
  int worker_threads = 32;
  // Clock for token lifetimes, the rate window and the daily quota (tests inject one).
  common::NowFunction now = common::RealClock();
};

// Thread-safe. Endpoints (REST at base_url()+"/rest/v1/...", identity at
// base_url()+"/identity/oauth/token", admin at base_url()+"/admin/...") are listed in
// README.md. The pipeline per REST request: count -> 414 -> down (503) / drop -> 615 ->
// fault latency -> injected code -> 601/602 -> 610/605 -> 606 -> 607 -> endpoint.
class MarketoEmulator {
 public:
  explicit MarketoEmulator(MarketoEmulatorOptions options);
  MarketoEmulator(const MarketoEmulator&) = delete;
  MarketoEmulator& operator=(const MarketoEmulator&) = delete;
  ~MarketoEmulator();

  // Binds and serves in a background thread; returns the bound port (port 0 picks one).
  // UNAVAILABLE if the bind fails; FAILED_PRECONDITION if already started.
  absl::StatusOr<int> Start(const std::string& host = "127.0.0.1", int port = 0);
  // Stops serving and joins the thread. Idempotent; also run by the destructor.
  void Stop();
  // "http://127.0.0.1:PORT"; empty before Start().
  std::string base_url() const;

  common::RequestCounters& counters() { return counters_; }
  common::FaultControls& faults() { return faults_; }
  // The last requests received as they came off the wire (raw targets, headers).
  common::RequestLog& received_requests() { return server_.received_requests(); }
  // Direct access to the data, e.g. to seed a test scenario without API calls.
  LeadStore& store() { return store_; }

  // Expires the live access token: its next use answers 602, later uses 601.
  void ExpireAllTokens();
  // Leads whose `field` equals `value` (emails case-insensitively), for duplicate tests.
  size_t CountLeadsWithField(const std::string& field, const std::string& value) const;
  // Highest number of REST calls seen in flight at once.
  int peak_concurrency() const { return gauge_.peak(); }
  // Clears the rate window, the daily quota count and the concurrency peak (POST
  // /admin/reset also calls this). Leads and tokens are kept.
  void ResetLimits();

 private:
  void RegisterRoutes();
  // Entry point for every non-admin HTTP request; `body` was read by the route.
  void Serve(const httplib::Request& req, httplib::Response& res, std::string body);
  Reply ServeIdentity(const RestRequest& rr);
  // The REST part of the pipeline after faults (auth, route, limits, endpoint).
  Reply ServeRest(const httplib::Request& req, RestRequest& rr);

  const MarketoEmulatorOptions options_;
  common::RequestCounters counters_;
  common::FaultControls faults_;
  common::RollingWindowLimiter rate_limiter_;
  common::ConcurrencyGauge gauge_;
  DailyQuota quota_;
  TokenRegistry tokens_;
  LeadStore store_;
  Router router_;
  RequestIdGenerator request_ids_;
  common::LoopbackHttpServer server_;
};

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_MARKETO_EMULATOR_H_
