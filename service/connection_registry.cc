#include "service/connection_registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/operation.h"

namespace leadgw::service {
namespace {

namespace v1 = ::leadgateway::v1;

bool IsUpstreamFailure(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kUnauthenticated:
      return true;
    default:
      return false;
  }
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp& out) {
  const int64_t nanos = absl::ToUnixNanos(t);
  out.set_seconds(nanos / 1000000000);
  out.set_nanos(static_cast<int32_t>(nanos % 1000000000));
}

}  // namespace

void HealthTracker::Record(const absl::Status& outcome, absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (outcome.ok()) {
    consecutive_failures_ = 0;
    if (state_ != v1::CONNECTION_HEALTH_HEALTHY) detail_ = "last call succeeded";
    SetState(v1::CONNECTION_HEALTH_HEALTHY, now);
    return;
  }
  if (outcome.code() == absl::StatusCode::kResourceExhausted) {
    detail_ = std::string(outcome.message());
    if (state_ == v1::CONNECTION_HEALTH_HEALTHY) SetState(v1::CONNECTION_HEALTH_DEGRADED, now);
    return;
  }
  if (!IsUpstreamFailure(outcome.code())) return;
  detail_ = std::string(outcome.message());
  ++consecutive_failures_;
  SetState(consecutive_failures_ >= kUnavailableAfter ? v1::CONNECTION_HEALTH_UNAVAILABLE
                                                      : v1::CONNECTION_HEALTH_DEGRADED,
           now);
}

void HealthTracker::SetState(v1::ConnectionHealth state, absl::Time now) {
  if (state_ == state) return;
  state_ = state;
  since_ = now;
}

void HealthTracker::Snapshot(v1::Connection& out) const {
  absl::MutexLock lock(&mu_);
  out.set_health(state_);
  out.set_health_detail(detail_);
  SetTimestamp(since_, *out.mutable_health_since());
}

ConnectionRegistry::ConnectionRegistry(std::vector<std::unique_ptr<Entry>> entries)
    : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a->settings.name < b->settings.name; });
  for (const auto& entry : entries_) by_name_[entry->settings.name] = entry.get();
}

absl::StatusOr<ConnectionRegistry::Entry*> ConnectionRegistry::Find(absl::string_view name) const {
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return it->second;
  std::vector<absl::string_view> names;
  for (const auto& entry : entries_) names.push_back(entry->settings.name);
  return absl::NotFoundError(
      absl::StrCat("connection '", name,
                   "' is not configured; configured connections: ", absl::StrJoin(names, ", ")));
}

v1::Connection ConnectionRegistry::Describe(const Entry& entry) {
  v1::Connection out;
  out.set_name(entry.settings.name);
  out.set_backend(entry.settings.kind);
  // base_url stays empty: where an upstream lives is for operators, not callers.
  for (const backends::OperationInfo& op : backends::AllOperations()) {
    if (!entry.backend->Supports(op.operation)) continue;
    out.add_supported_methods(std::string(op.rpc));
    if (!op.stream_rpc.empty()) out.add_supported_methods(std::string(op.stream_rpc));
  }
  out.add_supported_methods("leadgateway.v1.ConnectionService/GetConnection");
  out.add_supported_methods("leadgateway.v1.ConnectionService/ListConnections");
  entry.health.Snapshot(out);
  // An unavailable upstream says more than lost coordination; anything milder says less.
  if (entry.coordination != nullptr && !entry.coordination->reachable() &&
      out.health() != v1::CONNECTION_HEALTH_UNAVAILABLE) {
    const bool was_healthy = out.health() == v1::CONNECTION_HEALTH_HEALTHY;
    out.set_health(v1::CONNECTION_HEALTH_DEGRADED);
    out.set_health_detail(absl::StrCat(
        "fleet coordination (Redis) is unreachable: this replica keeps to its 1/N share of "
        "the connection's limits",
        was_healthy ? "" : absl::StrCat("; last: ", out.health_detail())));
    if (was_healthy) {
      SetTimestamp(entry.coordination->unreachable_since(), *out.mutable_health_since());
    }
  }
  return out;
}

}  // namespace leadgw::service
