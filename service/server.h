// GatewayServer: the gRPC server with every leadgateway.v1 service, grpc.health.v1 health
// checking and server reflection, and a graceful drain on shutdown.
#ifndef LEADGW_SERVICE_SERVER_H_
#define LEADGW_SERVICE_SERVER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "upstream/guard/upstream_metrics.h"
#include "grpcpp/server.h"
#include "service/idempotency/idempotency_cache.h"
#include "service/config.h"
#include "service/connection_registry.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class GatewayServer {
 public:
  // Builds backends for `settings.connections` (their upstream metrics go to
  // `upstream_metrics`), binds the gRPC port and starts serving. `observer` may be null;
  // both must outlive the server.
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(
      const GatewaySettings& settings, RpcObserver* observer,
      upstream::UpstreamMetrics& upstream_metrics);
  // Stops serving if still running.
  ~GatewayServer();

  // The bound gRPC port (the chosen one when the configured port was 0).
  int grpc_port() const { return grpc_port_; }

  // Marks every service NOT_SERVING for health checks, stops accepting RPCs, waits up to
  // `grace` for in-flight RPCs, then cancels what remains. Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  GatewayServer() = default;

  std::unique_ptr<ConnectionRegistry> registry_;
  std::unique_ptr<idempotency::IdempotencyCache> idempotency_;
  RpcEnv env_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  int grpc_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_SERVER_H_
