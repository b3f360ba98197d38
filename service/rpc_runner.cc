#include "service/rpc_runner.h"

#include <algorithm>
#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"

namespace leadgw::service::rpc_internal {
namespace {

constexpr size_t kMaxRequestIdLength = 128;

bool IsSaneRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("x-request-id");
  if (it != metadata.end()) {
    absl::string_view id(it->second.data(), it->second.size());
    if (IsSaneRequestId(id)) return std::string(id);
  }
  static absl::BitGen* const bits = new absl::BitGen();
  static absl::Mutex mu(absl::kConstInit);
  uint64_t value;
  {
    absl::MutexLock lock(&mu);
    value = absl::Uniform<uint64_t>(*bits);
  }
  std::string raw(reinterpret_cast<const char*>(&value), sizeof(value));
  return absl::BytesToHexString(raw);
}

absl::StatusOr<adapters::CallContext> MakeCallContext(const RpcEnv& env,
                                                      const grpc::ServerContext& context,
                                                      adapters::CallPriority priority,
                                                      std::string request_id) {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + env.default_deadline;
  const auto caller = context.deadline();
  if (caller != std::chrono::system_clock::time_point::max()) {
    deadline = std::min(deadline, absl::FromChrono(caller) - kReplyMargin);
  }
  if (deadline <= now) {
    return absl::DeadlineExceededError("the caller's deadline leaves no time for an upstream call");
  }
  adapters::CallContext call;
  call.deadline = deadline;
  call.priority = priority;
  call.request_id = std::move(request_id);
  return call;
}

}  // namespace leadgw::service::rpc_internal
