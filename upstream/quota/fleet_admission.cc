#include "upstream/quota/fleet_admission.h"

#include <algorithm>
#include <utility>

#include "common/log.h"

namespace leadgw::upstream::quota {
namespace {

// Redis is probed at most this often while it is down.
constexpr absl::Duration kProbeInterval = absl::Seconds(1);
// When only open calls fill the fleet's window, nobody knows when a slot frees: ask again
// after this long.
constexpr absl::Duration kFullWindowPoll = absl::Milliseconds(20);

}  // namespace

const char* FleetStateName(FleetState state) {
  switch (state) {
    case FleetState::kShared:
      return "shared";
    case FleetState::kDegraded:
      return "degraded";
    case FleetState::kRecovering:
      return "recovering";
  }
  return "shared";
}

FleetAdmission::FleetAdmission(std::shared_ptr<coord::SharedWindow> window, int replicas,
                               absl::Duration span)
    : window_(std::move(window)), replicas_(std::max(replicas, 1)), span_(span) {}

int FleetAdmission::LocalCap(int limit) const {
  if (state_ == FleetState::kShared || limit <= 0) return 0;
  return std::max(limit / replicas_, 1);
}

FleetAdmission::Verdict FleetAdmission::TryAdmit(absl::Time now, int limit) {
  Verdict verdict;
  if (state_ == FleetState::kDegraded) {
    if (now < next_probe_) {
      verdict.admit = now >= pause_until_;
      verdict.not_before = pause_until_;
      return verdict;
    }
    next_probe_ = now + kProbeInterval;
  }
  if (state_ == FleetState::kRecovering && now >= recovered_at_ + span_) {
    state_ = FleetState::kShared;
    Log(LogLevel::kInfo, "fleet coordination restored", {{"state", "shared"}});
  }
  absl::StatusOr<coord::Admission> admission = window_->TryOpen(limit);
  if (!admission.ok()) {
    if (state_ != FleetState::kDegraded) {
      state_ = FleetState::kDegraded;
      pause_until_ = now + span_;
      next_probe_ = now + kProbeInterval;
      Log(LogLevel::kWarning, "fleet coordination lost: one window of pause, then 1/N",
          {{"error", std::string(admission.status().message())}});
    }
    verdict.admit = now >= pause_until_;
    verdict.not_before = pause_until_;
    return verdict;
  }
  if (state_ == FleetState::kDegraded) {
    state_ = FleetState::kRecovering;
    recovered_at_ = now;
    Log(LogLevel::kInfo, "fleet coordination back: 1/N for one more window",
        {{"state", "recovering"}});
  }
  verdict.admit = admission->admitted;
  verdict.call_id = admission->call_id;
  verdict.not_before = now + (admission->retry_in == absl::InfiniteDuration()
                                  ? kFullWindowPoll
                                  : std::max(admission->retry_in, absl::Milliseconds(1)));
  return verdict;
}

void FleetAdmission::Close(const std::string& call_id) {
  if (call_id.empty()) return;
  (void)window_->Close(call_id);
}

}  // namespace leadgw::upstream::quota
