#include "service/rpc_runner.h"

#include <algorithm>
#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "service/access/request_credentials.h"

namespace leadgw::service::rpc_internal {
namespace {

constexpr size_t kMaxRequestIdLength = 128;
// How late a caller's cancellation may be seen by the upstream work done for it (at a
// boundary: before admission, while waiting for capacity, during a transfer).
constexpr std::chrono::milliseconds kCancellationPollInterval(10);
constexpr size_t kMaxIdempotencyKeyLength = 255;

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
  // Per thread: no lock on the request path. Ids need to be unique, not unpredictable.
  thread_local absl::InsecureBitGen bits;
  const uint64_t value = absl::Uniform<uint64_t>(bits);
  std::string raw(reinterpret_cast<const char*>(&value), sizeof(value));
  return absl::BytesToHexString(raw);
}

absl::StatusOr<backends::CallContext> MakeCallContext(const RpcEnv& env,
                                                      const grpc::ServerContext& context,
                                                      backends::CallPriority priority,
                                                      std::string request_id,
                                                      int caller_share) {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + env.default_deadline;
  const auto caller = context.deadline();
  if (caller != std::chrono::system_clock::time_point::max()) {
    deadline = std::min(deadline, absl::FromChrono(caller) - kReplyMargin);
  }
  if (deadline <= now) {
    return absl::DeadlineExceededError("the caller's deadline leaves no time for an upstream call");
  }
  backends::CallContext call;
  call.deadline = deadline;
  call.priority = priority;
  call.caller_share = caller_share;
  call.request_id = std::move(request_id);
  // The context outlives the RPC's handler, hence every upstream call made for it. Asked
  // at most once per kCancellationPollInterval: each question plucks the call's queue.
  call.cancellation = Cancellation(
      ThrottledPoll([&context] { return context.IsCancelled(); }, kCancellationPollInterval));
  return call;
}

absl::StatusOr<std::optional<std::string>> IdempotencyKeyOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kIdempotencyKeyHeader);
  if (it == metadata.end()) return std::nullopt;
  absl::string_view key(it->second.data(), it->second.size());
  const bool printable = std::all_of(key.begin(), key.end(), [](char c) {
    return c >= 0x21 && c <= 0x7e;  // visible ASCII, no spaces
  });
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength || !printable) {
    return absl::InvalidArgumentError(
        absl::StrCat("metadata ", kIdempotencyKeyHeader, ": must be 1-", kMaxIdempotencyKeyLength,
                     " visible ASCII characters"));
  }
  return std::string(key);
}

bool WorthReplaying(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return false;
    default:
      return true;
  }
}

absl::Status RpcScope::Identify() {
  if (env_.access == nullptr || !env_.access->enabled()) return absl::OkStatus();
  if (identified_.has_value()) return *identified_;
  absl::StatusOr<const access::CallerRule*> caller =
      env_.access->Identify(access::CredentialsOf(context_));
  if (caller.ok()) {
    caller_ = *caller;
    identified_ = absl::OkStatus();
    return *identified_;
  }
  identified_ = caller.status();
  if (env_.observer != nullptr) {
    env_.observer->OnAccessDecision(rpc_, "unidentified", "identity", false);
  }
  Log(LogLevel::kWarning, "caller not identified",
      {{"rpc", std::string(rpc_)},
       {"request_id", request_id_},
       {"peer", context_.peer()},
       {"reason", std::string(caller.status().message())}});
  return *identified_;
}

absl::Status RpcScope::Authorize(access::Permission permission, absl::string_view connection) {
  if (env_.access == nullptr || !env_.access->enabled()) return absl::OkStatus();
  LEADGW_RETURN_IF_ERROR(Identify());
  absl::Status allowed = env_.access->Authorize(*caller_, permission, connection);
  if (env_.observer != nullptr) {
    env_.observer->OnAccessDecision(rpc_, caller_->name, access::PermissionName(permission),
                                    allowed.ok());
  }
  if (!allowed.ok()) {
    Log(LogLevel::kWarning, "access denied",
        {{"rpc", std::string(rpc_)},
         {"request_id", request_id_},
         {"caller", caller_->name},
         {"permission", std::string(access::PermissionName(permission))},
         {"connection", std::string(connection)}});
  }
  return allowed;
}

bool RpcScope::MayAccess(access::Permission permission, absl::string_view connection) const {
  if (env_.access == nullptr || !env_.access->enabled()) return true;
  return caller_ != nullptr && env_.access->Authorize(*caller_, permission, connection).ok();
}

}  // namespace leadgw::service::rpc_internal
