// Where grpc_call connects and how: the one place that chooses channel credentials, so
// TLS can be added here without touching the commands.
#ifndef LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_
#define LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace leadgw::grpc_call {

struct ConnectionOptions {
  std::string address = "localhost:50051";  // host:port
  // Only plaintext (h2c) is supported for now; the caller must ask for it explicitly so
  // that a later TLS default cannot silently downgrade scripts.
  bool plaintext = false;
  // The deadline of each RPC: the reflection exchange and the call itself.
  absl::Duration timeout = absl::Seconds(30);
};

// A channel to `options.address`. A usage error when the options ask for a transport this
// tool cannot speak yet (anything but plaintext).
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionOptions& options);

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_
