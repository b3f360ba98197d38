// The gRPC channel arguments of the gateway's server, from its settings.
#ifndef LEADGW_SERVICE_SERVER_ARGS_H_
#define LEADGW_SERVICE_SERVER_ARGS_H_

#include <string>
#include <utility>
#include <vector>

#include "service/config.h"

namespace leadgw::service {

using IntChannelArgs = std::vector<std::pair<std::string, int>>;

// GatewayServer::Start sets each on its ServerBuilder:
//   - GRPC_ARG_ALLOW_REUSEPORT 0: gRPC sets SO_REUSEPORT by default, so a second gateway
//     (or any SO_REUSEPORT listener) on a busy port would start and silently take a share
//     of its connections; without it the start fails with "address already in use".
//   - GRPC_ARG_MAX_CONNECTION_AGE_MS / _GRACE_MS: a client connection gets GOAWAY after
//     `max_connection_age` (gRPC adds up to 10% jitter), so load rebalances onto new
//     replicas; RPCs under way on it may finish within `max_connection_age_grace`.
IntChannelArgs ServerChannelArgs(const ServerSettings& server);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_SERVER_ARGS_H_
