#include "service/rpc_metrics.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"

namespace leadgw::service {
namespace {

namespace v1 = ::leadgateway::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kUpsert[] = "leadgateway.v1.LeadService/UpsertLeads";

google::protobuf::RepeatedPtrField<v1::RecordResult> Results(
    const std::vector<v1::RecordStatus>& statuses) {
  google::protobuf::RepeatedPtrField<v1::RecordResult> results;
  for (v1::RecordStatus status : statuses) results.Add()->set_status(status);
  return results;
}

// Record and idempotency series of configured connections are resolved up front (no lock
// per RPC); other connections and results are counted all the same, under their names.
TEST(RpcMetricsTest, CountsRecordsAndIdempotencyForConfiguredAndOtherConnections) {
  metrics::Registry registry;
  const std::vector<std::string> connections = {"mkto", "hp"};
  RpcMetrics rpc_metrics(registry, "abc123", connections);
  rpc_metrics.OnRecordResults(
      kUpsert, "mkto",
      Results({v1::RECORD_STATUS_CREATED, v1::RECORD_STATUS_CREATED, v1::RECORD_STATUS_SKIPPED}));
  rpc_metrics.OnRecordResults(kUpsert, "mkto", Results({v1::RECORD_STATUS_CREATED}));
  rpc_metrics.OnRecordResults(kUpsert, "unconfigured", Results({v1::RECORD_STATUS_UPDATED}));
  rpc_metrics.OnIdempotencyKey(kUpsert, "miss");
  rpc_metrics.OnIdempotencyKey(kUpsert, "hit");
  rpc_metrics.OnIdempotencyKey(kUpsert, "hit");
  rpc_metrics.OnIdempotencyKey("leadgateway.v1.Unknown/Rpc", "miss");

  const std::string text = registry.Serialize();
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_records_total{connection="mkto",operation="UpsertLeads",status="created"} 3)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_records_total{connection="mkto",operation="UpsertLeads",status="skipped"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_records_total{connection="unconfigured",operation="UpsertLeads",status="updated"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_idempotency_requests_total{method="leadgateway.v1.LeadService/UpsertLeads",result="miss"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_idempotency_requests_total{method="leadgateway.v1.LeadService/UpsertLeads",result="hit"} 2)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_idempotency_requests_total{method="leadgateway.v1.Unknown/Rpc",result="miss"} 1)"));
  // The series of configured connections exist at 0 before their first event.
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_records_total{connection="hp",operation="UpsertLeads",status="outcome_unknown"} 0)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_idempotency_requests_total{method="leadgateway.v1.LeadService/UpsertLeads",result="conflict"} 0)"));
  EXPECT_THAT(text, Not(HasSubstr(R"(status="unspecified")")));
}

// Before any RPC every known method has a series at 0 for each gRPC code, so the first
// error of a method is an increase from 0; the catch-all "other" appears only when used.
TEST(RpcMetricsTest, KnownMethodsExistAtZeroBeforeTheFirstRpc) {
  metrics::Registry registry;
  RpcMetrics rpc_metrics(registry, "abc123", {});
  const std::string text = registry.Serialize();
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_grpc_requests_total{code="UNAVAILABLE",method="leadgateway.v1.LeadService/GetLead"} 0)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_grpc_requests_total{code="DATA_LOSS",method="leadgateway.v1.JobService/SubmitJob"} 0)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(leadgw_grpc_request_duration_seconds_count{method="leadgateway.v1.LeadService/UpsertLeads"} 0)"));
  EXPECT_THAT(text, Not(HasSubstr(R"(method="other")")));
}

}  // namespace
}  // namespace leadgw::service
