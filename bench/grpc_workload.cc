#include "bench/grpc_workload.h"

#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/open_loop.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/slice.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/common.pb.h"
#include "leadgateway/v1/lead_service.pb.h"

namespace leadgw::bench {
namespace {

namespace v1 = ::leadgateway::v1;

grpc::ByteBuffer Serialize(const google::protobuf::Message& message) {
  const std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

v1::UpsertLeadsRequest UpsertRequest(Scenario scenario, const std::string& connection,
                                     const std::string& tag, int request) {
  v1::UpsertLeadsRequest upsert;
  upsert.set_connection(connection);
  for (int record = 0; record < UpsertRecordCount(scenario); ++record) {
    const BenchLead lead = UpsertLead(tag, request, record);
    v1::Lead* out = upsert.add_leads();
    out->set_email(lead.email);
    out->set_first_name(lead.first_name);
    out->set_last_name(lead.last_name);
    out->set_company(lead.company);
    out->set_title(lead.title);
  }
  return upsert;
}

}  // namespace

GrpcWorkload MakeGrpcWorkload(Scenario scenario, const std::string& connection,
                              const std::string& tag) {
  GrpcWorkload workload;
  switch (scenario) {
    case Scenario::kGetLead:
      workload.method = "/leadgateway.v1.LeadService/GetLead";
      for (int i = 0; i < 40; ++i) {
        v1::GetLeadRequest request;
        request.set_connection(connection);
        request.set_id(DemoLeadId(i));
        workload.requests.push_back(Serialize(request));
      }
      break;
    case Scenario::kQueryLeads: {
      workload.method = "/leadgateway.v1.LeadService/QueryLeads";
      v1::QueryLeadsRequest request;
      request.set_connection(connection);
      request.set_filter_field("email");
      for (const std::string& email : QueryEmails()) request.add_filter_values(email);
      workload.requests.push_back(Serialize(request));
      break;
    }
    case Scenario::kUpsert1:
    case Scenario::kUpsert300:
      workload.method = "/leadgateway.v1.LeadService/UpsertLeads";
      workload.check_write_results = true;
      for (int i = 0; i < UpsertPoolSize(scenario); ++i) {
        workload.requests.push_back(Serialize(UpsertRequest(scenario, connection, tag, i)));
      }
      break;
    case Scenario::kSearchBusinessCards: {
      workload.method = "/leadgateway.v1.BusinessCardService/SearchBusinessCards";
      v1::SearchBusinessCardsRequest request;
      request.set_connection(connection);
      request.mutable_filter()->set_last_name_kana(std::string(kCardKanaFilter));
      request.set_page_size(kCardPageSize);
      workload.requests.push_back(Serialize(request));
      break;
    }
    case Scenario::kHealth: {
      // grpc.health.v1.HealthCheckRequest{service: ""} encodes as zero bytes, so no
      // client stubs of the health protocol are needed.
      workload.method = "/grpc.health.v1.Health/Check";
      grpc::Slice empty;
      workload.requests.emplace_back(&empty, 1);
      break;
    }
    case Scenario::kDescribe: {
      workload.method = "/leadgateway.v1.LeadService/DescribeLeads";
      v1::DescribeLeadsRequest request;
      request.set_connection(connection);
      workload.requests.push_back(Serialize(request));
      break;
    }
  }
  return workload;
}

int32_t CheckAnswer(const GrpcWorkload& workload, grpc::ByteBuffer& answer) {
  if (!workload.check_write_results) return kOutcomeOk;
  v1::WriteResponse response;
  grpc::ProtoBufferReader reader(&answer);
  if (!response.ParseFromZeroCopyStream(&reader)) return kOutcomeRecordFailed;
  for (const v1::RecordResult& result : response.results()) {
    if (result.status() != v1::RECORD_STATUS_CREATED &&
        result.status() != v1::RECORD_STATUS_UPDATED) {
      return kOutcomeRecordFailed;
    }
  }
  return kOutcomeOk;
}

std::string GrpcOutcomeName(int32_t outcome) {
  static constexpr const char* kCodeNames[] = {
      "OK",        "CANCELLED",          "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",  "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",       "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  if (outcome == kOutcomeRecordFailed) return "record_failed";
  if (outcome >= 0 && outcome < static_cast<int32_t>(std::size(kCodeNames))) {
    return kCodeNames[outcome];
  }
  return absl::StrCat("code_", outcome);
}

}  // namespace leadgw::bench
