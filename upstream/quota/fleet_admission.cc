#include "upstream/quota/fleet_admission.h"

#include <algorithm>
#include <utility>

#include "common/log.h"

namespace leadgw::upstream::quota {
namespace {

// Redis is probed at most this often while it is down.
constexpr absl::Duration kProbeInterval = absl::Seconds(1);
// When only open calls fill the fleet's window (or its concurrency cap), nobody knows when
// a slot frees: ask again after this long.
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
                               absl::Duration span, FleetQuota quota)
    : window_(std::move(window)), replicas_(std::max(replicas, 1)), span_(span), quota_(quota) {}

LocalCaps FleetAdmission::Caps(absl::Time day_start) const {
  LocalCaps caps;
  if (state_ == FleetState::kShared) return caps;
  if (quota_.calls_per_window > 0) caps.window = std::max(quota_.calls_per_window / replicas_, 1);
  if (quota_.max_concurrent > 0) caps.concurrency = std::max(quota_.max_concurrent / replicas_, 1);
  // Recovering: Redis counts the day again, the degraded calls included.
  if (state_ == FleetState::kDegraded && quota_.daily_quota > 0) {
    caps.daily = day_start == lost_day_start_ ? DegradedDailyCap()
                                              : int64_t{quota_.daily_quota} / replicas_;
  }
  return caps;
}

int64_t FleetAdmission::DegradedDailyCap() const {
  // What the fleet had spent by the loss is at most the count last seen plus what the
  // window let it make since; a sighting from an earlier day counts as none at midnight.
  int64_t seen = seen_day_calls_;
  absl::Time seen_at = seen_at_;
  if (seen_at < lost_day_start_) {
    seen = 0;
    seen_at = lost_day_start_;
  }
  const int64_t spans = (lost_at_ - seen_at) / span_ + 1;
  const int64_t since = quota_.calls_per_window > 0 ? spans * quota_.calls_per_window : 0;
  const int64_t spare = std::max<int64_t>(quota_.daily_quota - seen - since, 0);
  return lost_local_day_calls_ + spare / replicas_;
}

FleetAdmission::Verdict FleetAdmission::TryAdmit(absl::Time now, const FleetAsk& ask) {
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
  const bool holds_ticket = ask.ticket == ticket_generation_ && !tickets_.empty();
  if (holds_ticket && tickets_.front().at > now) {
    verdict.not_before = tickets_.front().at;  // not yet: no need to ask
    verdict.ticket = ticket_generation_;
    return verdict;
  }
  coord::FleetLimits limits;
  limits.max_wait = std::max(ask.deadline - now, absl::ZeroDuration());
  if (holds_ticket) {
    limits.claim = tickets_.front().id;
  } else {
    limits.reserve_only = !ask.first;
  }
  limits.window_limit = ask.window_limit;
  limits.configured_window_limit = quota_.calls_per_window;
  limits.max_open = quota_.max_concurrent;
  limits.daily_limit = quota_.daily_quota > 0 ? ask.daily_limit : 0;
  limits.unrecorded_calls = unrecorded_calls_;
  limits.day_calls_at_least =
      (seen_day_start_ == ask.day_start ? seen_day_calls_ : 0) + unrecorded_calls_;
  absl::StatusOr<coord::Admission> admission = window_->TryOpen(limits);
  if (!admission.ok()) {
    if (state_ != FleetState::kDegraded) {
      state_ = FleetState::kDegraded;
      pause_until_ = now + span_;
      next_probe_ = now + kProbeInterval;
      lost_at_ = now;
      lost_day_start_ = ask.day_start;
      lost_local_day_calls_ = ask.local_day_calls;
      Log(LogLevel::kWarning, "fleet coordination lost: one window of pause, then 1/N",
          {{"error", std::string(admission.status().message())}});
    }
    tickets_.clear();
    ++ticket_generation_;
    verdict.admit = now >= pause_until_;
    verdict.not_before = pause_until_;
    return verdict;
  }
  unrecorded_calls_ = 0;
  seen_day_calls_ = admission->day_calls;
  seen_at_ = now;
  seen_day_start_ = ask.day_start;
  if (state_ == FleetState::kDegraded) {
    state_ = FleetState::kRecovering;
    recovered_at_ = now;
    Log(LogLevel::kInfo, "fleet coordination back: 1/N for one more window",
        {{"state", "recovering"}});
  }
  // A claimed ticket is spent, or lapsed, or (not yet) handed back as admission->ticket.
  if (holds_ticket) tickets_.pop_front();
  if (admission->tickets_voided >= 0) {
    if (tickets_voided_seen_ >= 0 && admission->tickets_voided != tickets_voided_seen_) {
      // Another replica's rate-limit answer voided every ticket: ours are gone too.
      tickets_.clear();
      ++ticket_generation_;
      verdict.tickets_voided = true;
    }
    tickets_voided_seen_ = admission->tickets_voided;
  }
  verdict.admit = admission->admitted;
  verdict.call_id = admission->call_id;
  verdict.held_by = admission->held_by;
  verdict.not_before = now + (admission->retry_in == absl::InfiniteDuration()
                                  ? kFullWindowPoll
                                  : std::max(admission->retry_in, absl::Milliseconds(1)));
  if (!admission->ticket.empty()) {
    Ticket ticket{verdict.not_before, std::move(admission->ticket)};
    auto later = std::upper_bound(
        tickets_.begin(), tickets_.end(), ticket.at,
        [](absl::Time at, const Ticket& other) { return at < other.at; });
    tickets_.insert(later, std::move(ticket));
    verdict.ticket = ticket_generation_;
  }
  return verdict;
}

void FleetAdmission::NoteRateLimited(absl::Duration pause) {
  // While degraded every replica keeps to its share and its own pause; the fleet's learnt
  // share is for when the fleet admits through Redis.
  if (state_ == FleetState::kDegraded || quota_.calls_per_window <= 0) return;
  absl::StatusOr<coord::SharedWindow::Learnt> learnt =
      window_->NoteRateLimited(quota_.calls_per_window, pause);
  // Redis dropped every ticket; this replica's callers ask again.
  tickets_.clear();
  ++ticket_generation_;
  if (learnt.ok()) tickets_voided_seen_ = learnt->tickets_voided;
}

void FleetAdmission::DropTicket(uint64_t ticket) {
  if (ticket != ticket_generation_ || tickets_.empty()) return;
  window_->Release(tickets_.back().id);
  tickets_.pop_back();
}

void FleetAdmission::Close(const std::string& call_id) {
  if (call_id.empty()) return;
  (void)window_->Close(call_id);
}

}  // namespace leadgw::upstream::quota
