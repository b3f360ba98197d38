#include "service/rpc_metrics.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace leadgw::service {

absl::string_view GrpcCodeName(absl::StatusCode code) {
  static constexpr absl::string_view kNames[] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(std::size(kNames))) return "UNKNOWN";
  return kNames[index];
}

RpcMetrics::RpcMetrics(metrics::Registry& registry)
    : requests_(metrics::BuildCounter()
                    .Name("leadgw_grpc_requests_total")
                    .Help("gRPC requests finished, by method and gRPC status code.")
                    .LabelNames({"method", "code"})
                    .Register(registry)),
      duration_(metrics::BuildHistogram()
                    .Name("leadgw_grpc_request_duration_seconds")
                    .Help("Time from receiving a gRPC request to answering it, by method.")
                    .LabelNames({"method"})
                    .Buckets(metrics::Histogram::DefaultLatencyBuckets())
                    .Register(registry)) {
  metrics::BuildGauge()
      .Name("leadgw_build_info")
      .Help("Always 1; the labels say which build is running.")
      .LabelNames({"version"})
      .Register(registry)
      .Add({{"version", kGatewayVersion}})
      .Set(1);
}

void RpcMetrics::OnRpcDone(absl::string_view rpc, absl::string_view connection,
                           const absl::Status& status, absl::Duration elapsed,
                           absl::string_view request_id) {
  const std::string method(rpc);
  const absl::string_view code = GrpcCodeName(status.code());
  requests_.Add({{"method", method}, {"code", std::string(code)}}).Increment();
  duration_.Add({{"method", method}}).Observe(absl::ToDoubleSeconds(elapsed));

  LogFields fields = {{"method", method},
                      {"connection", std::string(connection)},
                      {"code", std::string(code)},
                      {"latency_ms", absl::StrCat(absl::ToDoubleMilliseconds(elapsed))},
                      {"request_id", std::string(request_id)}};
  if (status.ok()) {
    Log(LogLevel::kDebug, "rpc", fields);
    return;
  }
  // Messages come from validation (which never quotes values) or from upstream error
  // envelopes, never from request data.
  fields.emplace_back("error", std::string(status.message()));
  const bool server_side = status.code() == absl::StatusCode::kInternal ||
                           status.code() == absl::StatusCode::kUnknown ||
                           status.code() == absl::StatusCode::kDataLoss;
  Log(server_side ? LogLevel::kError : LogLevel::kInfo, "rpc failed", fields);
}

}  // namespace leadgw::service
