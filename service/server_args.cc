#include "service/server_args.h"

#include <limits>

#include "absl/time/time.h"
#include "grpc/grpc.h"

namespace leadgw::service {
namespace {

// Config bounds keep both durations far below INT_MAX ms (24h and 1h); clamp anyway.
int Milliseconds(absl::Duration duration) {
  const int64_t ms = absl::ToInt64Milliseconds(duration);
  return ms > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max()
                                              : static_cast<int>(ms);
}

}  // namespace

IntChannelArgs ServerChannelArgs(const ServerSettings& server) {
  return {
      {GRPC_ARG_ALLOW_REUSEPORT, 0},
      {GRPC_ARG_MAX_CONNECTION_AGE_MS, Milliseconds(server.max_connection_age)},
      {GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, Milliseconds(server.max_connection_age_grace)},
  };
}

}  // namespace leadgw::service
