// GatewayServer: the gRPC server with every leadgateway.v1 service, grpc.health.v1 health
// checking and server reflection, and a graceful drain on shutdown.
#ifndef LEADGW_SERVICE_SERVER_H_
#define LEADGW_SERVICE_SERVER_H_

#include <atomic>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "upstream/coord/coordination_metrics.h"
#include "upstream/guard/upstream_metrics.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "service/idempotency/replay_guard.h"
#include "service/config.h"
#include "service/connection_registry.h"
#include "service/job_stack.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

// The grpc.health.v1 service name that reports whether fleet coordination (Redis) is
// reachable, in fleet mode only. The server as a whole ("") stays SERVING while it is not:
// every replica would fail together, and each still serves within its 1/N share.
inline constexpr char kCoordinationHealthService[] = "leadgateway.coordination";

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
  // The bound plaintext health-only port (server.health_address), or 0 when none.
  int health_port() const { return health_port_; }

  // Marks every service NOT_SERVING for health checks, stops accepting RPCs, waits up to
  // `grace` for in-flight RPCs, then cancels what remains. Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  GatewayServer() = default;

  // First: the fleet's Redis clients (in the connections and the replay guard) report to
  // it until they are gone.
  std::unique_ptr<upstream::coord::CoordinationMetrics> coordination_metrics_;
  std::unique_ptr<ConnectionRegistry> registry_;
  std::unique_ptr<idempotency::ReplayGuard> idempotency_;
  // Durable jobs (null unless configured): after the registry, whose backends its workers
  // use, so it stops first.
  std::unique_ptr<JobStack> jobs_;
  access::AccessPolicy access_;  // env_.access points here
  RpcEnv env_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  // grpc.health.v1 only, plaintext, for kubelet probes (null unless configured).
  std::unique_ptr<grpc::Server> health_server_;
  // The health statuses of server_ and health_server_ together.
  std::unique_ptr<grpc::HealthCheckServiceInterface> mirrored_health_;
  // The health service, for the fleet's Redis client to report to (fleet mode only).
  std::shared_ptr<std::atomic<grpc::HealthCheckServiceInterface*>> health_;
  int grpc_port_ = 0;
  int health_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_SERVER_H_
