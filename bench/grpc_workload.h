// The gateway side of each scenario: the gRPC method, the serialized requests a load
// client rotates through, and how an answer is checked.
#ifndef LEADGW_BENCH_GRPC_WORKLOAD_H_
#define LEADGW_BENCH_GRPC_WORKLOAD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/workload.h"
#include "grpcpp/support/byte_buffer.h"

namespace leadgw::bench {

// Outcome (see open_loop.h) of an OK UpsertLeads answer in which a record was not
// CREATED or UPDATED; above every gRPC status code.
inline constexpr int32_t kOutcomeRecordFailed = 100;

struct GrpcWorkload {
  // Full method name, e.g. "/leadgateway.v1.LeadService/GetLead".
  std::string method;
  // Request i is requests[i % requests.size()]; never empty. Serialized once, up front,
  // so the client spends its time sending rather than encoding.
  std::vector<grpc::ByteBuffer> requests;
  // True when OK answers are WriteResponses whose records must all have been written.
  bool check_write_results = false;
};

// The workload of `scenario` against gateway connection `connection`; upserted e-mails
// start with `tag`.
GrpcWorkload MakeGrpcWorkload(Scenario scenario, const std::string& connection,
                              const std::string& tag);

// The outcome of an OK answer: kOutcomeOk, or kOutcomeRecordFailed when
// `check_write_results` and the WriteResponse is unreadable or has a record that was
// neither created nor updated.
int32_t CheckAnswer(const GrpcWorkload& workload, grpc::ByteBuffer& answer);

// Report name of a load-client outcome: gRPC code names ("UNAVAILABLE") and
// "record_failed".
std::string GrpcOutcomeName(int32_t outcome);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_GRPC_WORKLOAD_H_
