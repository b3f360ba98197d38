#include "tools/grpc_call/channel.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionOptions& options) {
  if (options.address.empty()) return UsageError("--addr is empty; give host:port");
  if (!options.plaintext) {
    return UsageError("TLS is not supported yet: pass --plaintext to call a plaintext server");
  }
  return grpc::CreateChannel(options.address, grpc::InsecureChannelCredentials());
}

}  // namespace leadgw::grpc_call
