// The gRPC port's credentials from server.tls: plaintext, TLS, or mutual TLS, with the
// certificate files watched so that a rotation is served without a restart.
#ifndef LEADGW_SERVICE_SERVER_CREDENTIALS_H_
#define LEADGW_SERVICE_SERVER_CREDENTIALS_H_

#include <memory>
#include <optional>

#include "grpcpp/security/server_credentials.h"
#include "service/tls_config.h"

namespace leadgw::service {

// Insecure credentials when `tls` is empty. Otherwise TLS credentials whose certificate,
// key and client CA are re-read every tls->refresh_interval by gRPC's file watcher. Rotate
// them together, by swapping a directory symlink as Kubernetes Secret mounts do, so that
// the watcher never reads a new certificate beside an old key. In mutual mode a client must
// present a certificate signed by the client CA, or the handshake fails.
std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(
    const std::optional<TlsSettings>& tls);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_SERVER_CREDENTIALS_H_
