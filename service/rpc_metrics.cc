#include "service/rpc_metrics.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "backends/operation.h"
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

namespace {

// Stands for RPCs outside KnownRpcs(): none of the server's own.
constexpr char kOtherRpc[] = "other";

// Every RPC the server answers: the operation table's unary and streaming RPCs, the
// connection service's two and the job service's five.
std::vector<std::string> KnownRpcs() {
  std::vector<std::string> rpcs = {"leadgateway.v1.ConnectionService/ListConnections",
                                   "leadgateway.v1.ConnectionService/GetConnection",
                                   "leadgateway.v1.JobService/SubmitJob",
                                   "leadgateway.v1.JobService/GetJob",
                                   "leadgateway.v1.JobService/WatchJob",
                                   "leadgateway.v1.JobService/ListJobs",
                                   "leadgateway.v1.JobService/CancelJob"};
  rpcs.emplace_back(kOtherRpc);
  for (const backends::OperationInfo& info : backends::AllOperations()) {
    rpcs.emplace_back(info.rpc);
    if (!info.stream_rpc.empty()) rpcs.emplace_back(info.stream_rpc);
  }
  return rpcs;
}

absl::string_view RecordStatusLabel(v1::RecordStatus status) {
  switch (status) {
    case v1::RECORD_STATUS_CREATED:
      return "created";
    case v1::RECORD_STATUS_UPDATED:
      return "updated";
    case v1::RECORD_STATUS_DELETED:
      return "deleted";
    case v1::RECORD_STATUS_SKIPPED:
      return "skipped";
    case v1::RECORD_STATUS_FAILED:
      return "failed";
    case v1::RECORD_STATUS_OUTCOME_UNKNOWN:
      return "outcome_unknown";
    default:
      return "unspecified";
  }
}

// The RPCs of write operations: the ones with record results and idempotency keys.
absl::flat_hash_set<std::string> WriteRpcs() {
  absl::flat_hash_set<std::string> rpcs;
  for (const backends::OperationInfo& info : backends::AllOperations()) {
    if (backends::IsWrite(info.operation)) rpcs.emplace(info.rpc);
  }
  return rpcs;
}

// The label values of leadgw_idempotency_requests_total's "result", in series order.
constexpr absl::string_view kIdempotencyResults[] = {"miss", "hit", "conflict"};

// "leadgateway.v1.LeadService/UpsertLeads" -> "UpsertLeads".
absl::string_view ShortRpcName(absl::string_view rpc) {
  const size_t slash = rpc.rfind('/');
  return slash == absl::string_view::npos ? rpc : rpc.substr(slash + 1);
}

}  // namespace

RpcMetrics::RpcMetrics(metrics::Registry& registry, absl::string_view revision,
                       absl::Span<const std::string> connections,
                       absl::Span<const std::string> callers)
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
                    .Register(registry)),
      in_flight_(metrics::BuildGauge()
                     .Name("leadgw_grpc_requests_in_flight")
                     .Help("gRPC requests being served now, by method.")
                     .LabelNames({"method"})
                     .Register(registry)),
      records_(metrics::BuildCounter()
                   .Name("leadgw_records_total")
                   .Help("Per-record outcomes of batch writes, by connection, operation and "
                         "status.")
                   .LabelNames({"connection", "operation", "status"})
                   .Register(registry)),
      idempotency_(metrics::BuildCounter()
                       .Name("leadgw_idempotency_requests_total")
                       .Help("Write RPCs carrying an idempotency-key, by result (miss, hit, "
                             "conflict).")
                       .LabelNames({"method", "result"})
                       .Register(registry)),
      access_(registry, callers) {
  metrics::BuildGauge()
      .Name("leadgw_build_info")
      .Help("Always 1; the labels say which build is running.")
      .LabelNames({"version", "revision"})
      .Register(registry)
      .Add({{"version", kGatewayVersion}, {"revision", std::string(revision)}})
      .Set(1);
  const absl::flat_hash_set<std::string> write_rpcs = WriteRpcs();
  for (const std::string& rpc : KnownRpcs()) {
    methods_[rpc] = std::make_unique<MethodSeries>(*this, rpc, write_rpcs.contains(rpc),
                                                   connections, /*create_now=*/rpc != kOtherRpc);
  }
}

RpcMetrics::MethodSeries::MethodSeries(RpcMetrics& families, const std::string& rpc, bool write,
                                       absl::Span<const std::string> connections,
                                       bool create_now)
    : duration(families.duration_, {{"method", rpc}}),
      in_flight(families.in_flight_, {{"method", rpc}}) {
  for (int code = 0; code < kCodeCount; ++code) {
    requests.push_back(std::make_unique<LazyCounter>(
        families.requests_,
        metrics::Labels{{"method", rpc},
                        {"code", std::string(GrpcCodeName(static_cast<absl::StatusCode>(code)))}}));
  }
  if (create_now) {
    duration.Get();
    in_flight.Get();
    for (const auto& series : requests) series->Get();
  }
  if (!write) return;
  for (int result = 0; result < kIdempotencyResultCount; ++result) {
    idempotency[result] = std::make_unique<LazyCounter>(
        families.idempotency_,
        metrics::Labels{{"method", rpc}, {"result", std::string(kIdempotencyResults[result])}});
  }
  for (const std::string& connection : connections) {
    RecordSeries& series = records[connection];
    for (int status = 0; status < kRecordStatusCount; ++status) {
      series[status] = std::make_unique<LazyCounter>(
          families.records_,
          metrics::Labels{
              {"connection", connection},
              {"operation", std::string(ShortRpcName(rpc))},
              {"status", std::string(RecordStatusLabel(static_cast<v1::RecordStatus>(status)))}});
    }
  }
  if (!create_now) return;
  for (const auto& series : idempotency) series->Get();
  for (const auto& [connection, series] : records) {
    // Status 0 ("unspecified") is never a record's final result.
    for (int status = 1; status < kRecordStatusCount; ++status) series[status]->Get();
  }
}

RpcMetrics::MethodSeries& RpcMetrics::ForMethod(absl::string_view rpc) {
  auto it = methods_.find(rpc);
  if (it != methods_.end()) return *it->second;
  // Not reached by the server's own RPCs, all in KnownRpcs(); a stand-in keeps an RPC
  // added later counted, under "other", until it is listed there.
  return *methods_.at(kOtherRpc);
}

void RpcMetrics::OnRpcStart(absl::string_view rpc) { ForMethod(rpc).in_flight.Get().Increment(); }

void RpcMetrics::OnRecordResults(
    absl::string_view rpc, absl::string_view connection,
    const google::protobuf::RepeatedPtrField<v1::RecordResult>& results) {
  // Counted per status first: one series update per status, not per record.
  std::array<int, kRecordStatusCount> counts{};
  for (const v1::RecordResult& result : results) {
    const int status = static_cast<int>(result.status());
    counts[status >= 0 && status < kRecordStatusCount ? status : 0]++;
  }
  const MethodSeries& method = ForMethod(rpc);
  auto resolved = method.records.find(connection);
  for (int status = 0; status < kRecordStatusCount; ++status) {
    if (counts[status] == 0) continue;
    if (resolved != method.records.end()) {
      resolved->second[status]->Get().Increment(counts[status]);
      continue;
    }
    records_
        .Add({{"connection", std::string(connection)},
              {"operation", std::string(ShortRpcName(rpc))},
              {"status", std::string(RecordStatusLabel(static_cast<v1::RecordStatus>(status)))}})
        .Increment(counts[status]);
  }
}

void RpcMetrics::OnIdempotencyKey(absl::string_view rpc, absl::string_view result) {
  const MethodSeries& method = ForMethod(rpc);
  for (int index = 0; index < kIdempotencyResultCount; ++index) {
    if (result == kIdempotencyResults[index] && method.idempotency[index] != nullptr) {
      method.idempotency[index]->Get().Increment();
      return;
    }
  }
  idempotency_.Add({{"method", std::string(rpc)}, {"result", std::string(result)}}).Increment();
}

void RpcMetrics::OnRpcDone(absl::string_view rpc, absl::string_view connection,
                           const absl::Status& status, absl::Duration elapsed,
                           absl::string_view request_id) {
  MethodSeries& series = ForMethod(rpc);
  series.in_flight.Get().Decrement();
  const int code = static_cast<int>(status.code());
  series.requests[code >= 0 && code < kCodeCount ? code : 2]->Get().Increment();
  series.duration.Get().Observe(absl::ToDoubleSeconds(elapsed));
  if (status.ok() && !LogEnabled(LogLevel::kDebug)) return;

  const absl::string_view code_name = GrpcCodeName(status.code());
  LogFields fields = {{"method", std::string(rpc)},
                      {"connection", std::string(connection)},
                      {"code", std::string(code_name)},
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
