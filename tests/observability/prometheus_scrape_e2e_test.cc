// A real Prometheus server scrapes the real gateway: the build info and upstream series
// arrive with the target's job and instance labels and the values the gateway exported.
// Every process listens on loopback only, and Prometheus is stopped even when a check
// fails (the fixture owns it).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "emulators/marketo/marketo_emulator.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/observability/exposition_parser.h"
#include "tests/observability/prometheus_server.h"
#include "tests/observability/run_command.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing::observability {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Each;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Truly;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL",
     "marketo": {"clientId": {"env": "OBS_MKTO_ID"}, "clientSecret": {"env": "OBS_MKTO_SECRET"}}}
  ]
})json";
constexpr char kJob[] = "lead-gateway";
// Prometheus scrapes every second; the first scrape comes within one interval of start.
constexpr absl::Duration kQueryTimeout = absl::Seconds(30);

class PrometheusScrapeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mkto::MarketoEmulatorOptions options;
    options.client_id = "obs-client";
    options.client_secret = "obs-prometheus-secret-4b8d";
    options.worker_threads = 4;
    emulator_ = std::make_unique<mkto::MarketoEmulator>(options);
    ASSERT_THAT(emulator_->Start(), IsOk());
    GatewayProcessOptions gateway;
    gateway.config = absl::StrReplaceAll(kConfig, {{"MKTO_URL", emulator_->base_url()}});
    gateway.env = {{"OBS_MKTO_ID", options.client_id}, {"OBS_MKTO_SECRET", options.client_secret}};
    auto process = GatewayProcess::Start(gateway);
    ASSERT_THAT(process, IsOk());
    gateway_ = *std::move(process);

    // One upstream read before Prometheus starts, so its first scrape already holds it.
    auto stub = v1::LeadService::NewStub(gateway_->NewChannel());
    v1::GetLeadRequest request;
    request.set_connection("mkto");
    request.set_id("318581");
    v1::Lead lead;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::Status status = stub->GetLead(&context, request, &lead);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Prometheus first: it must not scrape a gateway that is going away.
  void TearDown() override {
    prometheus_.reset();
    gateway_.reset();
    emulator_.reset();
  }

  std::string Target() const { return absl::StrCat("127.0.0.1:", gateway_->metrics_port()); }

  // The gateway's own leadgw_build_info labels, read from /metrics.
  std::map<std::string, std::string> ExportedBuildInfo() const {
    httplib::Client client("127.0.0.1", gateway_->metrics_port());
    httplib::Result scrape = client.Get("/metrics");
    if (!scrape || scrape->status != 200) return {};
    auto families = ParseExposition(scrape->body);
    if (!families.ok() || families->count("leadgw_build_info") == 0) return {};
    const ScrapedFamily& family = families->at("leadgw_build_info");
    return family.samples.size() == 1 ? family.samples[0].labels
                                      : std::map<std::string, std::string>{};
  }

  std::unique_ptr<mkto::MarketoEmulator> emulator_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<PrometheusServer> prometheus_;
};

double ValueOf(const QueryResult& result) {
  double value = -1;
  return absl::SimpleAtod(result.value, &value) ? value : -1;
}

TEST_F(PrometheusScrapeE2eTest, PrometheusStoresTheGatewaysSeries) {
  auto server = PrometheusServer::Start(kJob, {Target()}, kQueryTimeout);
  ASSERT_THAT(server, IsOk());
  prometheus_ = *std::move(server);

  auto build = prometheus_->QueryUntilNotEmpty("leadgw_build_info", kQueryTimeout);
  ASSERT_THAT(build, IsOk()) << build.status() << "\nprometheus log:\n" << prometheus_->Log();
  ASSERT_EQ(build->size(), 1u);
  const QueryResult& info = (*build)[0];
  const std::map<std::string, std::string> exported = ExportedBuildInfo();
  ASSERT_EQ(exported.size(), 2u) << "the gateway's own leadgw_build_info is unreadable";
  EXPECT_EQ(info.labels,
            (std::map<std::string, std::string>{{"__name__", "leadgw_build_info"},
                                                {"job", kJob},
                                                {"instance", Target()},
                                                {"version", exported.at("version")},
                                                {"revision", exported.at("revision")}}));
  EXPECT_FALSE(exported.at("version").empty());
  EXPECT_FALSE(exported.at("revision").empty());
  EXPECT_EQ(info.value, "1");

  // The target is healthy, and the upstream read of SetUp arrived (a token call and the
  // lookup at least: GetLead on a rate-limited Marketo connection is sent as a coalescable
  // get_leads_by_filter call, docs/coalescing.md).
  auto up = prometheus_->QueryUntilNotEmpty(absl::StrCat("up{job=\"", kJob, "\"}"), kQueryTimeout);
  ASSERT_THAT(up, IsOk());
  EXPECT_EQ((*up)[0].value, "1");
  auto upstream =
      prometheus_->QueryUntilNotEmpty("sum(leadgw_upstream_requests_total)", kQueryTimeout);
  ASSERT_THAT(upstream, IsOk());
  EXPECT_GE(ValueOf((*upstream)[0]), 2);
  auto get_lead = prometheus_->QueryUntilNotEmpty(
      "leadgw_upstream_requests_total{connection=\"mkto\",endpoint=\"get_leads_by_filter\","
      "outcome=\"ok\"}",
      kQueryTimeout);
  ASSERT_THAT(get_lead, IsOk());
  EXPECT_EQ(ValueOf((*get_lead)[0]), 1);
  EXPECT_EQ((*get_lead)[0].labels.at("backend"), "marketo");

  // Histograms survive the trip: a quantile over the gRPC latency buckets is a number.
  auto quantile = prometheus_->QueryUntilNotEmpty(
      "histogram_quantile(0.5, sum by (le) (leadgw_grpc_request_duration_seconds_bucket{"
      "method=\"leadgateway.v1.LeadService/GetLead\"}))",
      kQueryTimeout);
  ASSERT_THAT(quantile, IsOk());
  EXPECT_GT(ValueOf((*quantile)[0]), 0);

  // The query client tells Prometheus' errors from empty answers.
  EXPECT_THAT(prometheus_->Query("sum("), StatusIs(absl::StatusCode::kInvalidArgument));
  auto missing = prometheus_->Query("leadgw_no_such_family_total");
  ASSERT_THAT(missing, IsOk());
  EXPECT_THAT(*missing, IsEmpty());

  // Nothing started here listens beyond loopback.
  for (pid_t pid : {prometheus_->process().pid(), gateway_->process().pid()}) {
    auto addresses = ListeningAddresses(pid);
    ASSERT_THAT(addresses, IsOk());
    EXPECT_THAT(*addresses, Not(IsEmpty())) << "pid " << pid;
    EXPECT_THAT(*addresses, Each(Truly([](const std::string& a) { return IsLoopback(a); })))
        << "pid " << pid;
  }
}

}  // namespace
}  // namespace leadgw::testing::observability
