// ScrapeRig: the real gateway in front of in-process emulators, with four connections
// chosen so that traffic can make every metric family of docs/metrics.md show a series:
//
//   "mkto"       Marketo, fast retries, a 0.25 s get_lead timeout, a breaker that never
//                opens; the emulator's faults are switched on and off by the scenarios
//   "mkto-down"  Marketo whose emulator answers 503 to everything; breaker opens after 2
//   "mkto-tiny"  Marketo (same emulator as "mkto") allowed 2 calls per 10 s
//   "hp"         HotProfile with demo data
//
// DriveTraffic() runs every scenario once and reports RPC answers that differ from what
// the scenario expects; the metrics are then read with Scrape().
#ifndef LEADGW_TESTS_OBSERVABILITY_SCRAPE_RIG_H_
#define LEADGW_TESTS_OBSERVABILITY_SCRAPE_RIG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "emulators/marketo/marketo_emulator.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "tests/testing/gateway_process.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::observability {

inline constexpr char kMarketo[] = "mkto";
inline constexpr char kMarketoDown[] = "mkto-down";
inline constexpr char kMarketoTiny[] = "mkto-tiny";
inline constexpr char kHotProfile[] = "hp";

// Secrets the rig hands the gateway; none may appear in a scrape or a log.
inline constexpr char kMarketoSecret[] = "obs-marketo-secret-9c4e2a";
inline constexpr char kHotProfileKey[] = "obs-hotprofile-key-71d3f0";

class ScrapeRig {
 public:
  // Starts the emulators and the gateway. Errors name what failed to start.
  static absl::StatusOr<std::unique_ptr<ScrapeRig>> Start();
  ScrapeRig(const ScrapeRig&) = delete;
  ScrapeRig& operator=(const ScrapeRig&) = delete;
  ~ScrapeRig();

  // Runs every scenario in a fixed order; returns one line per RPC whose answer differs
  // from the scenario's expectation (empty when all behaved). Not thread-safe.
  std::vector<std::string> DriveTraffic();

  // GET /metrics on the gateway's metrics port: the body, or an error naming the
  // status or content type that was wrong.
  absl::StatusOr<std::string> Scrape() const;

  GatewayProcess& gateway() { return *gateway_; }

 private:
  ScrapeRig() = default;

  void Reads();
  void Writes();
  void LocalRejection();
  void TokenRefresh();
  void RateLimitedAnswer();
  void Timeout();
  void ServerError();
  void BreakerOpens();

  // Sets the "mkto" emulator's faults from JSON (FaultControls::ApplyJson format).
  void Faults(const std::string& json);
  grpc::Status GetLead(const std::string& connection, const std::string& id, int deadline_ms);
  // Records a problem unless `status` has `expected` code.
  void Expect(const std::string& what, const grpc::Status& status, grpc::StatusCode expected);
  void ExpectFailure(const std::string& what, const grpc::Status& status);

  std::unique_ptr<emulators::marketo::MarketoEmulator> marketo_;
  std::unique_ptr<emulators::marketo::MarketoEmulator> marketo_down_;
  std::unique_ptr<emulators::hotprofile::HotProfileEmulator> hotprofile_;
  std::unique_ptr<RedisServer> redis_;  // outlives the gateway that uses it
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<::leadgateway::v1::LeadService::Stub> leads_;
  std::unique_ptr<::leadgateway::v1::BusinessCardService::Stub> cards_;
  std::vector<std::string> problems_;
};

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_SCRAPE_RIG_H_
