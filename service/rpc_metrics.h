// RpcMetrics: the RpcObserver that records every finished RPC in Prometheus metrics and
// the log.
//
// Families (labels from bounded sets only: the RPC name, the gRPC code name):
//   leadgw_grpc_requests_total{method,code}         counter
//   leadgw_grpc_request_duration_seconds{method}    histogram
//   leadgw_build_info{version}                      gauge, always 1
#ifndef LEADGW_SERVICE_RPC_METRICS_H_
#define LEADGW_SERVICE_RPC_METRICS_H_

#include "metrics/builder.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

// The gateway's version, exported as leadgw_build_info.
inline constexpr char kGatewayVersion[] = "0.1.0";

class RpcMetrics final : public RpcObserver {
 public:
  // Registers the families in `registry`, which must outlive this object.
  explicit RpcMetrics(metrics::Registry& registry);

  // Thread-safe.
  void OnRpcDone(absl::string_view rpc, absl::string_view connection, const absl::Status& status,
                 absl::Duration elapsed, absl::string_view request_id) override;

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& duration_;
};

// The gRPC name of a code ("OK", "INVALID_ARGUMENT", ...), as gRPC tools spell it.
absl::string_view GrpcCodeName(absl::StatusCode code);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_RPC_METRICS_H_
