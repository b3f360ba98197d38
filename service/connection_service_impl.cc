#include "service/connection_service_impl.h"

#include "common/address_redaction.h"

namespace leadgw::service {
namespace {

// A connection as callers may see it: the health detail quotes upstream errors, whose
// addresses are for operators only (ConnectionRegistry::Describe leaves base_url empty).
v1::Connection DescribeForCaller(const ConnectionRegistry::Entry& entry) {
  v1::Connection connection = ConnectionRegistry::Describe(entry);
  connection.set_health_detail(RedactNetworkAddresses(connection.health_detail()));
  return connection;
}

}  // namespace

grpc::Status ConnectionServiceImpl::ListConnections(grpc::ServerContext* context,
                                                    const v1::ListConnectionsRequest* request,
                                                    v1::ListConnectionsResponse* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.ConnectionService/ListConnections", *context);
  absl::Status status = scope.Identify();
  if (status.ok()) status = Validate(*request);
  if (status.ok()) {
    // Only the connections the caller may read: the others' names are not its business.
    for (const auto& entry : env_->registry->entries()) {
      if (!scope.MayAccess(access::Permission::kRead, entry->settings.name)) continue;
      *response->add_connections() = DescribeForCaller(*entry);
    }
  }
  return scope.Finish(status);
}

grpc::Status ConnectionServiceImpl::GetConnection(grpc::ServerContext* context,
                                                  const v1::GetConnectionRequest* request,
                                                  v1::Connection* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.ConnectionService/GetConnection", *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(scope.Identify());
    LEADGW_RETURN_IF_ERROR(Validate(*request));
    LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                            env_->registry->Find(request->name()));
    scope.set_connection(entry->settings.name);
    LEADGW_RETURN_IF_ERROR(scope.Authorize(access::Permission::kRead, entry->settings.name));
    *response = DescribeForCaller(*entry);
    return absl::OkStatus();
  }();
  return scope.Finish(status);
}

}  // namespace leadgw::service
