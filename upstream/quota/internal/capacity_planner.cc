#include "upstream/quota/internal/capacity_planner.h"

#include <algorithm>
#include <functional>

namespace leadgw::upstream::quota_internal {

using quota::RejectReason;

CapacityPlanner::CapacityPlanner(const PlannerLimits& limits)
    : max_concurrent_(std::max(limits.max_concurrent, 0)),
      window_(limits.calls_per_window, limits.span),
      learned_(limits.calls_per_window, limits.span),
      daily_(limits.daily_quota, limits.daily_reserve, limits.day_start_utc_offset) {
  holds_.reserve(max_concurrent_ > 0 ? max_concurrent_ : 16);
}

int CapacityPlanner::Advance(absl::Time now) {
  daily_.Advance(now);
  learned_.Advance(now);
  ApplyWindowLimit();
  int freed = 0;
  while (!holds_.empty() && holds_.front() <= now) {
    std::pop_heap(holds_.begin(), holds_.end(), std::greater<absl::Time>());
    holds_.pop_back();
    --in_flight_;
    ++freed;
  }
  return freed;
}

Plan CapacityPlanner::PlanCall(absl::Time now, http::RequestPriority priority, int ahead,
                               int window_held, int running_held) const {
  Plan plan;
  const absl::Time floor = std::max(now, blocked_until_);
  plan.not_before = window_.EarliestSlot(floor, ahead + window_held);
  if (plan.not_before > now) {
    plan.limit = RejectReason::kRateWindow;
    plan.upstream_said = blocked_until_ > now &&
                         window_.EarliestSlot(now, ahead + window_held) < plan.not_before;
  }
  if (!daily_.Allows(priority, ahead)) {
    // The window still applies after the reset, but a day outlasts any window.
    plan.not_before = std::max(plan.not_before, daily_.NextReset());
    plan.limit = RejectReason::kDailyQuota;
    plan.upstream_said = daily_.exhausted_by_upstream();
  }
  const int concurrency_limit = ConcurrencyLimit();
  if (concurrency_limit > 0 &&
      in_flight_ + ahead + std::min(running_held, concurrency_limit - 1) >= concurrency_limit) {
    plan.concurrency_full = true;
    if (!holds_.empty()) plan.concurrency_hint = holds_.front();
    if (plan.not_before <= now) plan.limit = RejectReason::kConcurrency;
  }
  return plan;
}

void CapacityPlanner::Admit() {
  window_.Open();
  daily_.Record();
  ++in_flight_;
}

bool CapacityPlanner::Release(absl::Time now, absl::Time hold_until) {
  // The window needs when the call ended, not the hold: an abandoned call was already
  // sent, so the upstream has counted it by now.
  window_.Close(now);
  if (hold_until > now) {
    holds_.push_back(hold_until);
    std::push_heap(holds_.begin(), holds_.end(), std::greater<absl::Time>());
    return false;
  }
  --in_flight_;
  return true;
}

void CapacityPlanner::BlockUntil(absl::Time until) {
  blocked_until_ = std::max(blocked_until_, until);
}

bool CapacityPlanner::NoteRateLimitAnswer(absl::Time now, absl::Time until) {
  const bool dropped = learned_.OnLimitAnswer(now);
  ApplyWindowLimit();
  BlockUntil(until);
  return dropped;
}

void CapacityPlanner::SetWindowCap(int cap) {
  window_cap_ = cap;
  ApplyWindowLimit();
}

void CapacityPlanner::ApplyWindowLimit() {
  const int learned = learned_.current();
  window_.SetLimit(window_cap_ > 0 ? std::min(learned, window_cap_) : learned);
}

void CapacityPlanner::MarkDayExhausted(absl::Time now) {
  daily_.Advance(now);
  daily_.MarkExhausted();
}

int CapacityPlanner::ConcurrencyLimit() const {
  if (max_concurrent_ <= 0 || concurrency_cap_ <= 0) return max_concurrent_;
  return std::min(max_concurrent_, concurrency_cap_);
}

int CapacityPlanner::InFlightAt(absl::Time now) const {
  int due = 0;
  for (absl::Time until : holds_) due += until <= now ? 1 : 0;
  return in_flight_ - due;
}

}  // namespace leadgw::upstream::quota_internal
