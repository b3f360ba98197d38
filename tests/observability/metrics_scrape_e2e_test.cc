// The gateway's /metrics after traffic that touches every documented family, held to
// docs/metrics.md: every family exported with its HELP, TYPE and exact label names, no
// undocumented family, label values from bounded sets, Prometheus' own parser and linter
// (promtool) accept it, and each scenario shows in the series it should move.
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/observability/exposition_parser.h"
#include "tests/observability/metrics_doc.h"
#include "tests/observability/run_command.h"
#include "tests/observability/scrape_checks.h"
#include "tests/observability/scrape_rig.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::observability {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class MetricsScrapeE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScrapeRig>> rig = ScrapeRig::Start();
    if (!rig.ok()) {
      *setup_error_ = rig.status().ToString();
      return;
    }
    rig_ = rig->release();
    *problems_ = rig_->DriveTraffic();
    absl::StatusOr<std::string> scrape = rig_->Scrape();
    if (!scrape.ok()) {
      *setup_error_ = scrape.status().ToString();
      return;
    }
    *scrape_ = *std::move(scrape);
    // Kept with the test's outputs (bazel-testlogs/.../test.outputs) for failure analysis.
    if (const char* outputs = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      std::ofstream(absl::StrCat(outputs, "/metrics.txt")) << *scrape_;
    }
    absl::StatusOr<std::map<std::string, ScrapedFamily>> families = ParseExposition(*scrape_);
    if (!families.ok()) {
      *setup_error_ = absl::StrCat("unparsable scrape: ", families.status().ToString());
      return;
    }
    *families_ = *std::move(families);
  }

  static void TearDownTestSuite() {
    delete rig_;
    rig_ = nullptr;
  }

  void SetUp() override { ASSERT_THAT(*setup_error_, IsEmpty()); }

  static std::vector<DocumentedFamily> Documented() {
    const std::string doc = ReadWholeFile(Runfile("docs/metrics.md"));
    absl::StatusOr<std::vector<DocumentedFamily>> families = ParseMetricsDoc(doc);
    EXPECT_THAT(families, IsOk());
    return families.ok() ? *families : std::vector<DocumentedFamily>{};
  }

  inline static ScrapeRig* rig_ = nullptr;
  inline static auto* const setup_error_ = new std::string();
  inline static auto* const problems_ = new std::vector<std::string>();
  inline static auto* const scrape_ = new std::string();
  inline static auto* const families_ = new std::map<std::string, ScrapedFamily>();
};

TEST_F(MetricsScrapeE2eTest, TrafficScenariosAnsweredAsExpected) {
  EXPECT_THAT(*problems_, IsEmpty()) << absl::StrJoin(*problems_, "\n");
}

TEST_F(MetricsScrapeE2eTest, PromtoolChecksTheScrape) {
  const char* override_path = std::getenv("LEADGW_PROMTOOL");
  const std::string promtool = override_path != nullptr ? override_path : "/usr/bin/promtool";
  absl::StatusOr<CommandResult> result =
      RunCommand({promtool, "check", "metrics"}, *scrape_, absl::Seconds(60));
  ASSERT_THAT(result, IsOk()) << result.status()
                              << "\npromtool is part of the Debian package `prometheus`: "
                                 "apt-get install --no-install-recommends prometheus";
  // promtool 2.42 exits 1 when the text does not parse ("error while linting: text format
  // parsing error ...") and 3 when it parses but its linter has advice (a counter without
  // _total, a _count suffix on a gauge, a missing HELP, non-base units, ...). Both are
  // failures here: the documented families follow Prometheus' naming rules, so every lint
  // finding is a real deviation from the contract. Exit 0 prints nothing.
  EXPECT_EQ(result->exit_code, 0) << "promtool check metrics:\n" << result->output;
  EXPECT_THAT(result->output, IsEmpty());
}

TEST_F(MetricsScrapeE2eTest, EveryDocumentedFamilyIsExportedWithItsLabels) {
  const std::vector<DocumentedFamily> documented = Documented();
  ASSERT_GE(documented.size(), 20u);
  for (const DocumentedFamily& doc : documented) {
    SCOPED_TRACE(doc.name);
    auto it = families_->find(doc.name);
    ASSERT_NE(it, families_->end()) << "documented but not exported";
    const ScrapedFamily& family = it->second;
    EXPECT_TRUE(family.has_help && !family.help.empty()) << "no HELP text";
    EXPECT_EQ(family.type, doc.type);
    EXPECT_FALSE(family.samples.empty()) << "no series after the traffic";
    for (const Sample& sample : family.samples) {
      EXPECT_EQ(FamilyLabelNames(sample), doc.labels)
          << sample.name << " has labels {" << absl::StrJoin(FamilyLabelNames(sample), ",") << "}";
    }
  }
}

TEST_F(MetricsScrapeE2eTest, EveryExportedFamilyIsDocumented) {
  std::set<std::string> documented;
  for (const DocumentedFamily& doc : Documented()) documented.insert(doc.name);
  for (const auto& [name, family] : *families_) {
    if (absl::StartsWith(name, "leadgw_")) {
      EXPECT_EQ(documented.count(name), 1u) << name << " is exported but not in docs/metrics.md";
    }
  }
}

TEST_F(MetricsScrapeE2eTest, LabelValuesComeFromBoundedSets) {
  const std::set<std::string> connections = {kMarketo, kMarketoDown, kMarketoTiny, kHotProfile};
  int checked = 0;
  for (const auto& [name, family] : *families_) {
    for (const Sample& sample : family.samples) {
      for (const auto& [label, value] : sample.labels) {
        EXPECT_EQ(LabelValueProblem(name, label, value, connections), std::nullopt)
            << sample.name << "{" << label << "=\"" << value << "\"}";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_F(MetricsScrapeE2eTest, SecretsAndUpstreamUrlsStayOut) {
  for (const std::string& text : {*scrape_, rig_->gateway().Log()}) {
    EXPECT_THAT(text, Not(HasSubstr(kMarketoSecret)));
    EXPECT_THAT(text, Not(HasSubstr(kHotProfileKey)));
  }
  EXPECT_THAT(*scrape_, Not(HasSubstr("127.0.0.1")));    // upstream base URLs
  EXPECT_THAT(*scrape_, Not(HasSubstr("example.com")));  // lead emails
}

// Each scenario of ScrapeRig moved the series it is about.
TEST_F(MetricsScrapeE2eTest, ScenariosShowInTheirSeries) {
  const SeriesIndex series(*families_);
  const std::string get_lead = "leadgateway.v1.LeadService/GetLead";
  const std::string upsert = "leadgateway.v1.LeadService/UpsertLeads";
  const std::map<std::string, std::string> mkto = {{"connection", kMarketo}};

  // gRPC server.
  EXPECT_GE(series.Sum("leadgw_grpc_requests_total", {{"method", get_lead}, {"code", "OK"}}), 3);
  EXPECT_GE(series.Sum("leadgw_grpc_requests_total", {{"method", get_lead}, {"code", "NOT_FOUND"}}),
            1);
  EXPECT_GE(series.Sum("leadgw_grpc_requests_total",
                       {{"method", "leadgateway.v1.BusinessCardService/SearchBusinessCards"},
                        {"code", "OK"}}),
            1);
  EXPECT_EQ(series.Sum("leadgw_grpc_requests_in_flight", {{"method", get_lead}}), 0);
  EXPECT_GE(series
                .Find("leadgw_grpc_request_duration_seconds",
                      "leadgw_grpc_request_duration_seconds_bucket", {{"method", get_lead}})
                .size(),
            2u);
  const std::vector<const Sample*> build =
      series.Find("leadgw_build_info", "leadgw_build_info", {});
  ASSERT_EQ(build.size(), 1u);
  EXPECT_EQ(build[0]->value, 1);

  // Upstream calls: successes on both backends, and each fault with its retry reason.
  EXPECT_GE(series.Sum("leadgw_upstream_requests_total", {{"connection", kMarketo},
                                                          {"backend", "marketo"},
                                                          {"endpoint", "get_lead"},
                                                          {"outcome", "ok"}}),
            3);
  EXPECT_GE(series.Sum("leadgw_upstream_requests_total", {{"connection", kHotProfile},
                                                          {"backend", "hotprofile"},
                                                          {"endpoint", "business_cards_search"},
                                                          {"outcome", "ok"}}),
            1);
  for (const char* reason : {"rate_limited", "timeout", "server_error", "auth_refresh"}) {
    EXPECT_GE(series.Sum("leadgw_upstream_retries_total",
                         {{"connection", kMarketo}, {"endpoint", "get_lead"}, {"reason", reason}}),
              1)
        << reason;
  }
  EXPECT_GE(
      series.Sum("leadgw_upstream_rate_limited_total", {{"connection", kMarketo}, {"code", "606"}}),
      1);
  EXPECT_GE(series.Sum("leadgw_upstream_timeouts_total",
                       {{"connection", kMarketo}, {"endpoint", "get_lead"}}),
            1);
  EXPECT_EQ(series.Sum("leadgw_upstream_endpoint_timeout_seconds",
                       {{"connection", kMarketo}, {"endpoint", "get_lead"}}),
            0.25);
  EXPECT_EQ(series.Sum("leadgw_upstream_endpoint_timeout_seconds",
                       {{"connection", kMarketo}, {"endpoint", "sync_leads"}}),
            90);
  EXPECT_EQ(series.Sum("leadgw_upstream_in_flight", mkto), 0);

  // The breaker of the connection whose upstream is down.
  EXPECT_EQ(series.Sum("leadgw_circuit_state", {{"connection", kMarketoDown}}), 2);
  EXPECT_EQ(series.Sum("leadgw_circuit_state", mkto), 0);
  EXPECT_GE(series.Sum("leadgw_circuit_transitions_total",
                       {{"connection", kMarketoDown}, {"state", "open"}}),
            1);
  EXPECT_GE(series.Sum("leadgw_upstream_requests_total",
                       {{"connection", kMarketoDown}, {"outcome", "circuit_open"}}),
            1);

  // Local rejection on the connection allowed 2 calls per 10 s.
  const std::map<std::string, std::string> tiny = {{"connection", kMarketoTiny}};
  EXPECT_GE(series.Sum("leadgw_quota_rejections_total",
                       {{"connection", kMarketoTiny}, {"reason", "rate_window"}}),
            1);
  EXPECT_GE(series.Sum("leadgw_upstream_requests_total",
                       {{"connection", kMarketoTiny}, {"outcome", "no_capacity"}}),
            1);
  EXPECT_EQ(series.Sum("leadgw_quota_window_limit", tiny), 2);
  EXPECT_EQ(series.Sum("leadgw_quota_window_seconds", tiny), 10);
  // Both calls, unless the 10 s window moved past them while the later scenarios ran.
  EXPECT_GE(series.Sum("leadgw_quota_window_calls", tiny), 0);
  EXPECT_LE(series.Sum("leadgw_quota_window_calls", tiny), 2);
  EXPECT_EQ(series.Sum("leadgw_quota_concurrency_limit", tiny), 10);
  EXPECT_EQ(series.Sum("leadgw_quota_daily_limit", tiny), 50000);
  EXPECT_GE(series.Sum("leadgw_quota_daily_calls", tiny), 2);
  EXPECT_GE(series
                .Find("leadgw_quota_wait_seconds", "leadgw_quota_wait_seconds_count",
                      {{"connection", kMarketo}, {"priority", "interactive"}})
                .size(),
            1u);

  // Auth: the first token and the refresh after the forced expiry.
  EXPECT_GE(series.Sum("leadgw_auth_token_refreshes_total",
                       {{"connection", kMarketo}, {"outcome", "ok"}}),
            2);
  EXPECT_GE(series.Sum("leadgw_auth_token_refreshes_total",
                       {{"connection", kMarketoDown}, {"outcome", "error"}}),
            1);
  EXPECT_GT(series.Sum("leadgw_auth_token_expiry_seconds", mkto), 0);

  // Records and idempotency.
  for (const char* status : {"created", "skipped"}) {
    EXPECT_GE(
        series.Sum("leadgw_records_total",
                   {{"connection", kMarketo}, {"operation", "UpsertLeads"}, {"status", status}}),
        1)
        << status;
  }
  for (const char* result : {"miss", "hit", "conflict"}) {
    EXPECT_EQ(
        series.Sum("leadgw_idempotency_requests_total", {{"method", upsert}, {"result", result}}),
        1)
        << result;
  }
}

}  // namespace
}  // namespace leadgw::testing::observability
