#include "tests/observability/scrape_rig.h"

#include <chrono>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "httplib.h"

namespace leadgw::testing::observability {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
namespace hp = ::leadgw::emulators::hotprofile;

// "mkto" retries once, quickly, and its breaker never opens, so that each fault scenario
// costs one retry and leaves the connection usable. Its 1 s rate window keeps the pause
// after a 606 (a window plus the margin) short. The gateway runs in fleet mode (one
// replica, its own Redis), so that the fleet's families are in the scrape too. Coalescing
// is off: the scenarios drive one endpoint each (GetLead's get_lead), whose series they
// check; the coalescing families are exported from zero all the same.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 1,
                              "keyPrefix": "scrape-rig"}},
  "jobs": {},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL",
     "marketo": {"clientId": {"env": "OBS_MKTO_ID"}, "clientSecret": {"env": "OBS_MKTO_SECRET"}},
     "limits": {"callsPerWindow": 10000, "window": "1s"}, "coalescing": {"maxWait": "0s"},
     "endpointTimeouts": {"get_lead": "0.25s"},
     "retry": {"maxAttempts": 2, "initialBackoff": "0.01s", "maxBackoff": "0.05s"},
     "circuitBreaker": {"failureThreshold": 1000}},
    {"name": "mkto-down", "backend": "marketo", "baseUrl": "DOWN_URL",
     "marketo": {"clientId": {"env": "OBS_MKTO_ID"}, "clientSecret": {"env": "OBS_MKTO_SECRET"}},
     "retry": {"maxAttempts": 2, "initialBackoff": "0.01s", "maxBackoff": "0.05s"},
     "circuitBreaker": {"failureThreshold": 2, "openDuration": "600s"},
     "coalescing": {"maxWait": "0s"}},
    {"name": "mkto-tiny", "backend": "marketo", "baseUrl": "MKTO_URL",
     "marketo": {"clientId": {"env": "OBS_MKTO_ID"}, "clientSecret": {"env": "OBS_MKTO_SECRET"}},
     "limits": {"callsPerWindow": 2, "window": "10s"}, "coalescing": {"maxWait": "0s"}},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL",
     "hotprofile": {"apiKey": {"env": "OBS_HP_KEY"}}}
  ]
})json";

constexpr char kClientId[] = "obs-client";
constexpr char kDemoLeadId[] = "318581";  // the emulator's first demo lead

std::unique_ptr<grpc::ClientContext> Context(int deadline_ms = 20000) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
  return context;
}

absl::StatusOr<std::unique_ptr<mkto::MarketoEmulator>> StartMarketo() {
  mkto::MarketoEmulatorOptions options;
  options.client_id = kClientId;
  options.client_secret = kMarketoSecret;
  options.rate_limit_calls = 0;  // 606 comes from fault injection only
  options.worker_threads = 8;
  auto emulator = std::make_unique<mkto::MarketoEmulator>(options);
  absl::StatusOr<int> port = emulator->Start();
  if (!port.ok()) return port.status();
  return emulator;
}

v1::UpsertLeadsRequest Upsert(std::vector<std::string> emails,
                              v1::UpsertAction action = v1::UPSERT_ACTION_UNSPECIFIED) {
  v1::UpsertLeadsRequest request;
  request.set_connection(kMarketo);
  request.set_action(action);
  for (std::string& email : emails) request.add_leads()->set_email(std::move(email));
  return request;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ScrapeRig>> ScrapeRig::Start() {
  std::unique_ptr<ScrapeRig> rig(new ScrapeRig());
  absl::StatusOr<std::unique_ptr<mkto::MarketoEmulator>> marketo = StartMarketo();
  if (!marketo.ok()) return marketo.status();
  rig->marketo_ = *std::move(marketo);
  marketo = StartMarketo();
  if (!marketo.ok()) return marketo.status();
  rig->marketo_down_ = *std::move(marketo);
  emulators::common::FaultConfig down;
  down.down = true;
  if (absl::Status status = rig->marketo_down_->faults().Set(down); !status.ok()) return status;

  hp::HotProfileEmulatorOptions hp_options;
  hp_options.api_key = kHotProfileKey;
  hp_options.worker_threads = 4;
  rig->hotprofile_ = std::make_unique<hp::HotProfileEmulator>(hp_options);
  if (absl::StatusOr<int> port = rig->hotprofile_->Start(); !port.ok()) return port.status();

  absl::StatusOr<std::unique_ptr<RedisServer>> redis = RedisServer::Start();
  if (!redis.ok()) return redis.status();
  rig->redis_ = *std::move(redis);

  GatewayProcessOptions options;
  options.config = absl::StrReplaceAll(
      kConfig, {{"MKTO_URL", rig->marketo_->base_url()},
                {"DOWN_URL", rig->marketo_down_->base_url()},
                {"HP_URL", rig->hotprofile_->base_url()},
                {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", rig->redis_->port())}});
  options.env = {{"OBS_MKTO_ID", kClientId},
                 {"OBS_MKTO_SECRET", kMarketoSecret},
                 {"OBS_HP_KEY", kHotProfileKey}};
  absl::StatusOr<std::unique_ptr<GatewayProcess>> gateway = GatewayProcess::Start(options);
  if (!gateway.ok()) return gateway.status();
  rig->gateway_ = *std::move(gateway);
  auto channel = rig->gateway_->NewChannel();
  rig->leads_ = v1::LeadService::NewStub(channel);
  rig->cards_ = v1::BusinessCardService::NewStub(channel);
  return rig;
}

// The gateway goes first: it must not see its upstreams vanish while it still serves.
ScrapeRig::~ScrapeRig() {
  gateway_.reset();
  hotprofile_.reset();
  marketo_down_.reset();
  marketo_.reset();
}

std::vector<std::string> ScrapeRig::DriveTraffic() {
  problems_.clear();
  Reads();
  Writes();
  LocalRejection();
  TokenRefresh();
  RateLimitedAnswer();
  Timeout();
  ServerError();
  BreakerOpens();
  return problems_;
}

absl::StatusOr<std::string> ScrapeRig::Scrape() const {
  httplib::Client client("127.0.0.1", gateway_->metrics_port());
  client.set_read_timeout(10, 0);
  httplib::Result result = client.Get("/metrics");
  if (!result) return absl::UnavailableError("no answer from GET /metrics");
  if (result->status != 200) {
    return absl::InternalError(absl::StrCat("GET /metrics answered ", result->status));
  }
  const std::string type = result->get_header_value("Content-Type");
  // Text format 0.0.4: "text/plain", with or without "; version=0.0.4" (prometheus-cpp
  // omits it; Prometheus reads a bare text/plain as 0.0.4). Another version is not ours.
  if (!absl::StartsWith(type, "text/plain") ||
      (absl::StrContains(type, "version=") && !absl::StrContains(type, "version=0.0.4"))) {
    return absl::InternalError(absl::StrCat("GET /metrics has Content-Type '", type, "'"));
  }
  return result->body;
}

void ScrapeRig::Reads() {
  Expect("GetLead of a demo lead", GetLead(kMarketo, kDemoLeadId, 20000), grpc::StatusCode::OK);
  Expect("GetLead of a missing lead", GetLead(kMarketo, "999999999", 20000),
         grpc::StatusCode::NOT_FOUND);

  v1::QueryLeadsRequest query;
  query.set_connection(kMarketo);
  query.set_filter_field("id");
  query.add_filter_values(kDemoLeadId);
  v1::QueryLeadsResponse leads;
  Expect("QueryLeads by id", leads_->QueryLeads(Context().get(), query, &leads),
         grpc::StatusCode::OK);

  v1::SearchBusinessCardsRequest search;
  search.set_connection(kHotProfile);
  search.set_page_size(5);
  v1::SearchBusinessCardsResponse cards;
  Expect("SearchBusinessCards", cards_->SearchBusinessCards(Context().get(), search, &cards),
         grpc::StatusCode::OK);
}

void ScrapeRig::Writes() {
  v1::WriteResponse written;
  Expect("UpsertLeads of a new lead",
         leads_->UpsertLeads(Context().get(), Upsert({"obs-exists@example.com"}), &written),
         grpc::StatusCode::OK);
  // createOnly: the existing lead is skipped (1005), the new one created.
  Expect("UpsertLeads createOnly",
         leads_->UpsertLeads(Context().get(),
                             Upsert({"obs-exists@example.com", "obs-fresh@example.com"},
                                    v1::UPSERT_ACTION_CREATE_ONLY),
                             &written),
         grpc::StatusCode::OK);
  if (written.results_size() != 2 || written.results(0).status() != v1::RECORD_STATUS_SKIPPED ||
      written.results(1).status() != v1::RECORD_STATUS_CREATED) {
    problems_.push_back(absl::StrCat("UpsertLeads createOnly: results ", written.DebugString()));
  }

  // One idempotency key: a miss, a replayed hit, then a different request (conflict).
  const v1::UpsertLeadsRequest keyed = Upsert({"obs-keyed@example.com"});
  for (const char* what : {"keyed UpsertLeads", "keyed UpsertLeads repeated"}) {
    auto context = Context();
    context->AddMetadata("idempotency-key", "obs-key-1");
    Expect(what, leads_->UpsertLeads(context.get(), keyed, &written), grpc::StatusCode::OK);
  }
  auto context = Context();
  context->AddMetadata("idempotency-key", "obs-key-1");
  Expect("keyed UpsertLeads of another request",
         leads_->UpsertLeads(context.get(), Upsert({"obs-other@example.com"}), &written),
         grpc::StatusCode::INVALID_ARGUMENT);
}

void ScrapeRig::LocalRejection() {
  // 2 calls per 10 s: the token call and the first GetLead use them up, so a later call
  // with a 3 s deadline is refused at once by the gateway itself.
  bool refused = false;
  for (int i = 0; i < 4 && !refused; ++i) {
    refused = GetLead(kMarketoTiny, kDemoLeadId, 3000).error_code() ==
              grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  if (!refused) problems_.push_back("mkto-tiny: no GetLead was refused RESOURCE_EXHAUSTED");
}

void ScrapeRig::TokenRefresh() {
  marketo_->ExpireAllTokens();  // the next call answers 602 and is replayed with a new token
  Expect("GetLead after the token expired", GetLead(kMarketo, kDemoLeadId, 20000),
         grpc::StatusCode::OK);
}

void ScrapeRig::RateLimitedAnswer() {
  Faults(R"({"error_rates": {"606": 1.0}})");
  ExpectFailure("GetLead answered 606", GetLead(kMarketo, kDemoLeadId, 20000));
  Faults(R"({"error_rates": {}})");
}

void ScrapeRig::Timeout() {
  // Each attempt stalls 1 s upstream; get_lead's timeout is 0.25 s.
  Faults(R"({"stall_rate": 1.0, "stall_ms": 1000})");
  ExpectFailure("GetLead stalled upstream", GetLead(kMarketo, kDemoLeadId, 20000));
  Faults(R"({"stall_rate": 0.0})");
}

void ScrapeRig::ServerError() {
  Faults(R"({"error_rates": {"500": 1.0}})");
  ExpectFailure("GetLead answered HTTP 500", GetLead(kMarketo, kDemoLeadId, 20000));
  Faults(R"({"error_rates": {}})");
  Expect("GetLead after the faults", GetLead(kMarketo, kDemoLeadId, 20000), grpc::StatusCode::OK);
}

void ScrapeRig::BreakerOpens() {
  // The token call fails twice (503, retried once): the breaker opens; later calls are
  // answered by the gateway without being sent.
  for (int i = 0; i < 3; ++i) {
    ExpectFailure(absl::StrCat("GetLead #", i + 1, " on mkto-down"),
                  GetLead(kMarketoDown, kDemoLeadId, 10000));
  }
}

void ScrapeRig::Faults(const std::string& json) {
  if (absl::Status status = marketo_->faults().ApplyJson(json); !status.ok()) {
    problems_.push_back(absl::StrCat("faults ", json, ": ", status.ToString()));
  }
}

grpc::Status ScrapeRig::GetLead(const std::string& connection, const std::string& id,
                                int deadline_ms) {
  v1::GetLeadRequest request;
  request.set_connection(connection);
  request.set_id(id);
  v1::Lead lead;
  return leads_->GetLead(Context(deadline_ms).get(), request, &lead);
}

void ScrapeRig::Expect(const std::string& what, const grpc::Status& status,
                       grpc::StatusCode expected) {
  if (status.error_code() == expected) return;
  problems_.push_back(absl::StrCat(what, ": expected code ", expected, ", got ",
                                   status.error_code(), " ", status.error_message()));
}

void ScrapeRig::ExpectFailure(const std::string& what, const grpc::Status& status) {
  if (!status.ok()) return;
  problems_.push_back(absl::StrCat(what, ": expected a failure, got OK"));
}

}  // namespace leadgw::testing::observability
