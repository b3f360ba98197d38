// How grpc_call's failures become exit codes scripts can test:
//   0   success;
//   2   usage: the command line or the request JSON is wrong (nothing was called);
//   10+c  an RPC failed with gRPC status code c (the call itself or the reflection lookup
//         that precedes it), e.g. 15 NOT_FOUND, 13 INVALID_ARGUMENT, 24 UNAVAILABLE.
// The status itself is printed on stderr.
#ifndef LEADGW_TOOLS_GRPC_CALL_CLI_STATUS_H_
#define LEADGW_TOOLS_GRPC_CALL_CLI_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace leadgw::grpc_call {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRpcBase = 10;

// An INVALID_ARGUMENT marked as the caller's mistake on the command line, so that it exits
// 2 rather than 12 (an INVALID_ARGUMENT answered by the server).
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// The exit code for `status` (see the top of this file).
int ExitCodeFor(const absl::Status& status);

// The same code and message as an absl::Status.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_CLI_STATUS_H_
