#include "tools/grpc_call/cli_status.h"

#include "absl/strings/cord.h"

namespace leadgw::grpc_call {
namespace {

// A status payload only this tool sets; its presence is what marks a usage error.
constexpr absl::string_view kUsagePayloadUrl = "leadgateway.dev/grpc_call/usage";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayloadUrl, absl::Cord("usage"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayloadUrl).has_value();
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (IsUsageError(status)) return kExitUsage;
  return kExitRpcBase + static_cast<int>(status.code());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace leadgw::grpc_call
