// Before any traffic, the sandbox gateway (--sandbox: a Marketo and a HotProfile
// connection, durable jobs on) exports at zero every series its alerts read
// (deploy/prometheus/alerts.yaml). A counter series created by its first event has no
// earlier sample, so increase() misses that event: a single Marketo 607 (daily quota
// spent) would never alert (issue 17). The selectors come from alerts.yaml itself; the
// values of the labels the alerts group by come from the gateway's own tables (backend
// kinds, reject reasons, job kinds) and the gRPC services it serves.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "backends/registry.h"
#include "google/protobuf/descriptor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/company_service.grpc.pb.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/field_service.grpc.pb.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "leadgateway/v1/membership_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/observability/alert_selectors.h"
#include "tests/observability/exposition_parser.h"
#include "tests/observability/scrape_checks.h"
#include "tests/testing/child_process.h"
#include "tests/testing/gateway_process.h"
#include "upstream/quota/reject_reason.h"

namespace leadgw::testing::observability {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::testing::IsEmpty;
using LabelSet = std::map<std::string, std::string>;

constexpr char kMarketoSandbox[] = "marketo-sandbox";
constexpr char kHotProfileSandbox[] = "hotprofile-sandbox";
// Labels a Prometheus target adds, not the gateway.
const std::set<std::string>& TargetLabels() {
  static const auto* const kLabels = new std::set<std::string>{"namespace", "job", "instance"};
  return *kLabels;
}

// Full gRPC method names of every service the sandbox gateway serves.
std::vector<std::string> ServedMethods() {
  std::vector<std::string> methods;
  for (const char* service :
       {v1::LeadService::service_full_name(), v1::CompanyService::service_full_name(),
        v1::BusinessCardService::service_full_name(), v1::MembershipService::service_full_name(),
        v1::FieldService::service_full_name(), v1::ConnectionService::service_full_name(),
        v1::JobService::service_full_name()}) {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
    EXPECT_NE(descriptor, nullptr) << service;
    if (descriptor == nullptr) continue;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      methods.push_back(absl::StrCat(service, "/", descriptor->method(i)->name()));
    }
  }
  return methods;
}

// "upsert_leads", ...: every job kind but the unspecified one, as the job metrics name it.
std::vector<std::string> JobKinds() {
  std::vector<std::string> kinds;
  const google::protobuf::EnumDescriptor* descriptor = v1::JobKind_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    if (descriptor->value(i)->number() == 0) continue;
    kinds.push_back(absl::AsciiStrToLower(
        absl::StripPrefix(descriptor->value(i)->name(), "JOB_KIND_")));
  }
  return kinds;
}

class AlertSeriesE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GatewayProcessOptions options;
    options.extra_args = {"--sandbox"};
    absl::StatusOr<std::unique_ptr<GatewayProcess>> gateway =
        GatewayProcess::Start(std::move(options));
    if (!gateway.ok()) {
      *setup_error_ = gateway.status().ToString();
      return;
    }
    gateway_ = gateway->release();
    httplib::Client client("127.0.0.1", gateway_->metrics_port());
    client.set_read_timeout(30, 0);
    httplib::Result result = client.Get("/metrics");
    if (!result || result->status != 200) {
      *setup_error_ = "GET /metrics failed";
      return;
    }
    *scrape_ = result->body;
    absl::StatusOr<std::map<std::string, ScrapedFamily>> families = ParseExposition(*scrape_);
    if (!families.ok()) {
      *setup_error_ = absl::StrCat("unparsable scrape: ", families.status().ToString());
      return;
    }
    *families_ = *std::move(families);
  }

  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }

  void SetUp() override { ASSERT_THAT(*setup_error_, IsEmpty()); }

  static std::vector<AlertSelector> Selectors() {
    const std::string rules = ReadWholeFile(Runfile("deploy/prometheus/alerts.yaml"));
    absl::StatusOr<std::vector<AlertSelector>> selectors = ReadAlertSelectors(rules, "leadgw_");
    EXPECT_THAT(selectors, IsOk());
    return selectors.ok() ? *selectors : std::vector<AlertSelector>{};
  }

  // The backend kind of each connection, as its upstream request series say.
  static std::map<std::string, std::string> ConnectionBackends() {
    std::map<std::string, std::string> backends;
    auto it = families_->find("leadgw_upstream_requests_total");
    if (it == families_->end()) return backends;
    for (const Sample& sample : it->second.samples) {
      backends[sample.labels.at("connection")] = sample.labels.at("backend");
    }
    return backends;
  }

  // The values an alert may group `label` of `family` by, on `connection` ("" for a
  // family without connections). Empty with a failure for a label with no known source:
  // a new alert grouping by a new label must say here where its values come from.
  static std::vector<std::string> GroupValues(const std::string& family, const std::string& label,
                                              const std::string& connection) {
    const backends::BackendKindInfo* kind = nullptr;
    if (!connection.empty()) {
      kind = backends::FindBackendKind(ConnectionBackends()[connection]);
      EXPECT_NE(kind, nullptr) << connection << " has no known backend kind";
      if (kind == nullptr) return {};
    }
    if (family == "leadgw_upstream_rate_limited_total" && label == "code") {
      return kind->rate_limit_codes;
    }
    if (family == "leadgw_upstream_timeouts_total" && label == "endpoint") {
      std::vector<std::string> endpoints;
      for (const backends::EndpointTimeout& endpoint : kind->endpoints) {
        endpoints.emplace_back(endpoint.endpoint);
      }
      return endpoints;
    }
    if (family == "leadgw_quota_rejections_total" && label == "reason") {
      using upstream::quota::RejectReason;
      std::vector<std::string> reasons;
      for (RejectReason reason : {RejectReason::kRateWindow, RejectReason::kDailyQuota,
                                  RejectReason::kConcurrency, RejectReason::kDeadline}) {
        reasons.emplace_back(upstream::quota::RejectReasonName(reason));
      }
      return reasons;
    }
    if (family == "leadgw_grpc_requests_total" && label == "method") return ServedMethods();
    if (label == "kind" && absl::StartsWith(family, "leadgw_job")) return JobKinds();
    ADD_FAILURE() << family << " is grouped by `" << label
                  << "`: say in GroupValues() which values it takes at start-up";
    return {};
  }

  inline static GatewayProcess* gateway_ = nullptr;
  inline static auto* const setup_error_ = new std::string();
  inline static auto* const scrape_ = new std::string();
  inline static auto* const families_ = new std::map<std::string, ScrapedFamily>();
};

// Whether connections of `backend` export `family`: the auth families only where the
// kind fetches access tokens from an identity endpoint (docs/metrics.md, "Auth").
bool AppliesTo(const std::string& family, const std::string& backend) {
  if (!absl::StartsWith(family, "leadgw_auth_")) return true;
  const backends::BackendKindInfo* kind = backends::FindBackendKind(backend);
  if (kind == nullptr) return false;
  for (const backends::EndpointTimeout& endpoint : kind->endpoints) {
    if (endpoint.endpoint == "identity") return true;
  }
  return false;
}

// Every label set `selector` needs on `connection`: its matchers' values times the
// values of the labels it is grouped by.
std::vector<LabelSet> NeededLabelSets(
    const AlertSelector& selector, const std::string& connection,
    const std::function<std::vector<std::string>(const std::string&)>& group_values) {
  std::vector<LabelSet> sets = {connection.empty() ? LabelSet{}
                                                   : LabelSet{{"connection", connection}}};
  auto multiply = [&sets](const std::string& label, const std::vector<std::string>& values) {
    std::vector<LabelSet> product;
    for (const LabelSet& set : sets) {
      for (const std::string& value : values) {
        LabelSet extended = set;
        extended[label] = value;
        product.push_back(std::move(extended));
      }
    }
    sets = std::move(product);
  };
  for (const auto& [label, values] : selector.matched_values) {
    multiply(label, std::vector<std::string>(values.begin(), values.end()));
  }
  for (const std::string& label : selector.grouped_by) {
    if (label == "connection" || TargetLabels().count(label) > 0 ||
        selector.matched_values.count(label) > 0) {
      continue;
    }
    multiply(label, group_values(label));
  }
  return sets;
}

TEST_F(AlertSeriesE2eTest, SandboxRunsBothConnections) {
  const std::map<std::string, std::string> backends = ConnectionBackends();
  EXPECT_EQ(backends.count(kMarketoSandbox), 1u);
  EXPECT_EQ(backends.count(kHotProfileSandbox), 1u);
}

// The alerts' counters exist at 0 for every label set an alert can fire on; their gauges
// exist for every connection.
TEST_F(AlertSeriesE2eTest, EverySeriesTheAlertsReadExistsBeforeAnyTraffic) {
  const std::vector<AlertSelector> selectors = Selectors();
  ASSERT_GE(selectors.size(), 15u);
  const SeriesIndex index(*families_);
  const std::map<std::string, std::string> backends = ConnectionBackends();
  int checked = 0;
  for (const AlertSelector& selector : selectors) {
    SCOPED_TRACE(absl::StrCat(selector.alert, ": ", selector.family));
    auto family = families_->find(selector.family);
    if (family == families_->end() || family->second.samples.empty()) {
      ADD_FAILURE() << "no series at start-up";
      continue;
    }
    const bool per_connection = family->second.samples[0].labels.count("connection") > 0;
    const bool counter = family->second.type == "counter";
    std::vector<std::string> connections;
    for (const auto& [connection, backend] : backends) {
      if (AppliesTo(selector.family, backend)) connections.push_back(connection);
    }
    if (!per_connection) connections = {""};
    for (const std::string& connection : connections) {
      for (const LabelSet& needed : NeededLabelSets(selector, connection, [&](const std::string& label) {
             return GroupValues(selector.family, label, connection);
           })) {
        const std::vector<const Sample*> found =
            index.Find(selector.family, selector.family, needed);
        EXPECT_FALSE(found.empty()) << "no series with " << absl::StrJoin(needed, ",",
                                                                           absl::PairFormatter("="));
        for (const Sample* sample : found) {
          if (counter) {
            EXPECT_EQ(sample->value, 0) << "counter not at 0 before any traffic";
          }
        }
        ++checked;
      }
    }
  }
  // The gRPC methods alone give well over a hundred label sets.
  EXPECT_GT(checked, 200);
}

// Beyond what the alerts read: every counter and histogram family with a connection label
// (breaker transitions, cancellation stages, retries, job outcomes, ...) has series at 0
// for every connection it applies to, ready for the alert a team may add on it.
TEST_F(AlertSeriesE2eTest, EveryPerConnectionCounterStartsAtZeroOnEveryConnection) {
  const std::map<std::string, std::string> backends = ConnectionBackends();
  int families = 0;
  for (const auto& [name, family] : *families_) {
    if (family.type != "counter" && family.type != "histogram") continue;
    if (family.samples.empty() || family.samples[0].labels.count("connection") == 0) continue;
    ++families;
    std::map<std::string, int> series_by_connection;
    for (const Sample& sample : family.samples) {
      series_by_connection[sample.labels.at("connection")]++;
      if (family.type == "counter") {
        EXPECT_EQ(sample.value, 0) << sample.name;
      }
    }
    for (const auto& [connection, backend] : backends) {
      if (!AppliesTo(name, backend)) continue;
      EXPECT_GT(series_by_connection[connection], 0) << name << " has no series for " << connection;
    }
  }
  EXPECT_GE(families, 15);
}

// The case of issue 17, named: each Marketo connection's daily-quota answer (607) and its
// other rate-limit codes are series at 0 the alert's increase() can see move.
TEST_F(AlertSeriesE2eTest, MarketoDailyQuotaAnswerIsASeriesAtZero) {
  const SeriesIndex index(*families_);
  for (const char* code : {"606", "607", "615", "429"}) {
    EXPECT_EQ(index.Sum("leadgw_upstream_rate_limited_total",
                        {{"connection", kMarketoSandbox}, {"code", code}}),
              0)
        << code;
  }
  EXPECT_EQ(index.Sum("leadgw_upstream_rate_limited_total",
                      {{"connection", kHotProfileSandbox}, {"code", "429"}}),
            0);
  // A HotProfile connection never answers Marketo's codes: no series for them.
  EXPECT_EQ(index.Sum("leadgw_upstream_rate_limited_total",
                      {{"connection", kHotProfileSandbox}, {"code", "607"}}),
            -1);
}

// The start-up scrape, zero series and all, stays within the documented label sets.
TEST_F(AlertSeriesE2eTest, StartUpSeriesUseBoundedLabelValues) {
  const std::set<std::string> connections = {kMarketoSandbox, kHotProfileSandbox};
  size_t series = 0;
  for (const auto& [name, family] : *families_) {
    for (const Sample& sample : family.samples) {
      ++series;
      for (const auto& [label, value] : sample.labels) {
        EXPECT_EQ(LabelValueProblem(name, label, value, connections), std::nullopt)
            << sample.name << "{" << label << "=\"" << value << "\"}";
      }
    }
  }
  // Two connections: a few thousand samples; a label set that grew unbounded would show.
  EXPECT_LT(series, 6000u);
  RecordProperty("startup_samples", static_cast<int>(series));
  RecordProperty("startup_scrape_bytes", static_cast<int>(scrape_->size()));
}

}  // namespace
}  // namespace leadgw::testing::observability
