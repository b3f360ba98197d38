// What a gRPC request shows of its sender, for AccessPolicy::Identify.
#ifndef LEADGW_SERVICE_ACCESS_REQUEST_CREDENTIALS_H_
#define LEADGW_SERVICE_ACCESS_REQUEST_CREDENTIALS_H_

#include "grpcpp/server_context.h"
#include "service/access/access_policy.h"

namespace leadgw::service::access {

// The URI and DNS SANs of the peer's certificate, when gRPC verified it (mutual TLS), and
// the token of `authorization: Bearer <token>` metadata (scheme matched case-insensitively).
Credentials CredentialsOf(const grpc::ServerContext& context);

}  // namespace leadgw::service::access

#endif  // LEADGW_SERVICE_ACCESS_REQUEST_CREDENTIALS_H_
