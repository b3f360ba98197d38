// RpcMetrics: the RpcObserver that records every RPC in Prometheus metrics and the log.
//
// Families (docs/metrics.md; labels from bounded sets only: RPC names, gRPC code names,
// configured connections, record statuses):
//   leadgw_grpc_requests_total{method,code}                 counter
//   leadgw_grpc_request_duration_seconds{method}            histogram
//   leadgw_grpc_requests_in_flight{method}                  gauge
//   leadgw_records_total{connection,operation,status}       counter
//   leadgw_idempotency_requests_total{method,result}        counter
//   leadgw_build_info{version,revision}                     gauge, always 1
//   leadgw_access_decisions_total{caller,permission,decision} counter (access/access_metrics.h)
//
// The series of every known RPC (each gRPC code), and the record and idempotency series
// of every write RPC on every configured connection, are created at zero at construction:
// the first error of a method shows in increase() and rate(), and recording an RPC takes
// no lock and allocates nothing (unless debug logging is on). Only the catch-all method
// "other" and records without a status ("unspecified") get their series on first use.
#ifndef LEADGW_SERVICE_RPC_METRICS_H_
#define LEADGW_SERVICE_RPC_METRICS_H_

#include <array>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "metrics/builder.h"
#include "metrics/lazy_series.h"
#include "service/access/access_metrics.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

// The gateway's version, exported as leadgw_build_info.
inline constexpr char kGatewayVersion[] = "0.2.0";

class RpcMetrics final : public RpcObserver {
 public:
  // Registers the families in `registry`, which must outlive this object. `revision` is
  // the source revision the binary was built from ("unknown" when not stamped).
  // `connections` are the configured connection names; a connection outside them is still
  // counted, through the family's lock.
  // `callers` are the access policy's caller names.
  RpcMetrics(metrics::Registry& registry, absl::string_view revision,
             absl::Span<const std::string> connections = {},
             absl::Span<const std::string> callers = {});

  // Thread-safe.
  void OnRpcStart(absl::string_view rpc) override;
  void OnRpcDone(absl::string_view rpc, absl::string_view connection, const absl::Status& status,
                 absl::Duration elapsed, absl::string_view request_id) override;
  void OnRecordResults(
      absl::string_view rpc, absl::string_view connection,
      const google::protobuf::RepeatedPtrField<v1::RecordResult>& results) override;
  void OnIdempotencyKey(absl::string_view rpc, absl::string_view result) override;
  void OnAccessDecision(absl::string_view rpc, absl::string_view caller,
                        absl::string_view permission, bool allowed) override {
    access_.Record(caller, permission, allowed);
  }

 private:
  static constexpr int kCodeCount = 17;
  static constexpr int kRecordStatusCount = 7;       // v1::RecordStatus values
  static constexpr int kIdempotencyResultCount = 3;  // miss, hit, conflict

  using LazyCounter = metrics::LazySeries<metrics::Counter>;
  // leadgw_records_total of one write RPC on one connection, by v1::RecordStatus.
  using RecordSeries = std::array<std::unique_ptr<LazyCounter>, kRecordStatusCount>;

  // `create_now`: add the series at zero now (a known RPC), not on first use ("other").
  struct MethodSeries {
    MethodSeries(RpcMetrics& families, const std::string& rpc, bool write,
                 absl::Span<const std::string> connections, bool create_now);
    std::vector<std::unique_ptr<LazyCounter>> requests;
    metrics::LazySeries<metrics::Histogram> duration;
    metrics::LazySeries<metrics::Gauge> in_flight;
    // Write RPCs only; keyed by connection.
    absl::flat_hash_map<std::string, RecordSeries> records;
    std::array<std::unique_ptr<LazyCounter>, kIdempotencyResultCount> idempotency;
  };

  // The series of `rpc`; RPCs outside the operation table are added on first use.
  MethodSeries& ForMethod(absl::string_view rpc);

  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& duration_;
  metrics::Family<metrics::Gauge>& in_flight_;
  metrics::Family<metrics::Counter>& records_;
  metrics::Family<metrics::Counter>& idempotency_;
  access::AccessMetrics access_;
  // Keyed by RPC name; filled in the constructor, read-only afterwards.
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> methods_;
};

// The gRPC name of a code ("OK", "INVALID_ARGUMENT", ...), as gRPC tools spell it.
absl::string_view GrpcCodeName(absl::StatusCode code);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_RPC_METRICS_H_
