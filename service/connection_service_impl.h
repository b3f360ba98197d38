// gRPC handlers of leadgateway.v1.ConnectionService: what is configured, what each
// connection supports, and how healthy it is. Answered by the gateway alone.
#ifndef LEADGW_SERVICE_CONNECTION_SERVICE_IMPL_H_
#define LEADGW_SERVICE_CONNECTION_SERVICE_IMPL_H_

#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class ConnectionServiceImpl final : public v1::ConnectionService::Service {
 public:
  // `env` must outlive the service.
  explicit ConnectionServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status ListConnections(grpc::ServerContext* context,
                               const v1::ListConnectionsRequest* request,
                               v1::ListConnectionsResponse* response) override;
  grpc::Status GetConnection(grpc::ServerContext* context, const v1::GetConnectionRequest* request,
                             v1::Connection* response) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_CONNECTION_SERVICE_IMPL_H_
