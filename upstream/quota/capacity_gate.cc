#include "upstream/quota/capacity_gate.h"

#include <algorithm>
#include <string>
#include <utility>

namespace leadgw::upstream::quota {
namespace {

using quota_internal::DayStart;
using quota_internal::Plan;
using quota_internal::Waiter;

// Longest single sleep; an infinite deadline just loops.
constexpr absl::Duration kMaxWaitSlice = absl::Minutes(10);

GateOptions Resolve(GateOptions options) {
  if (options.safety_margin < absl::ZeroDuration()) {
    options.safety_margin = DefaultSafetyMargin(options.window);
  }
  if (options.clock == nullptr) options.clock = &RealClock();
  return options;
}

FleetQuota FleetQuotaOf(const GateOptions& options) {
  FleetQuota quota;
  quota.calls_per_window = std::max(options.calls_per_window, 0);
  quota.max_concurrent = std::max(options.max_concurrent, 0);
  quota.daily_quota = std::max(options.daily_quota, 0);
  return quota;
}

// The gate's name for what held a call up in the fleet (the pause while Redis is lost
// holds the window).
RejectReason ReasonOf(coord::FleetHold hold) {
  switch (hold) {
    case coord::FleetHold::kConcurrency:
      return RejectReason::kConcurrency;
    case coord::FleetHold::kDaily:
      return RejectReason::kDailyQuota;
    case coord::FleetHold::kNone:
    case coord::FleetHold::kWindow:
      break;
  }
  return RejectReason::kRateWindow;
}

quota_internal::PlannerLimits LimitsOf(const GateOptions& options) {
  quota_internal::PlannerLimits limits;
  limits.calls_per_window = options.calls_per_window;
  limits.span = options.window + options.safety_margin;
  limits.max_concurrent = options.max_concurrent;
  limits.daily_quota = options.daily_quota;
  limits.daily_reserve = options.daily_reserve;
  limits.day_start_utc_offset = options.day_start_utc_offset;
  return limits;
}

}  // namespace

absl::Duration DefaultSafetyMargin(absl::Duration window) {
  return std::max(absl::Milliseconds(20), window / 100);
}

GateOptions GateOptionsFromLimits(const UpstreamLimits& limits) {
  GateOptions options;
  options.calls_per_window = limits.calls_per_window;
  options.window = limits.window;
  options.safety_margin = DefaultSafetyMargin(limits.window);
  options.max_concurrent = limits.max_concurrent;
  options.daily_quota = limits.daily_quota;
  options.daily_reserve = limits.daily_reserve;
  options.day_start_utc_offset = limits.day_start_utc_offset;
  return options;
}

CapacityGate::Permit::Permit(Permit&& other) noexcept
    : gate_(std::exchange(other.gate_, nullptr)),
      share_(other.share_),
      admitted_at_(other.admitted_at_),
      waited_(other.waited_),
      hold_until_(other.hold_until_),
      fleet_call_id_(std::move(other.fleet_call_id_)) {}

CapacityGate::Permit& CapacityGate::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Reset();
    gate_ = std::exchange(other.gate_, nullptr);
    share_ = other.share_;
    admitted_at_ = other.admitted_at_;
    waited_ = other.waited_;
    hold_until_ = other.hold_until_;
    fleet_call_id_ = std::move(other.fleet_call_id_);
  }
  return *this;
}

CapacityGate::Permit::~Permit() { Reset(); }

void CapacityGate::Permit::Reset() {
  if (gate_ == nullptr) return;
  gate_->Release(share_, hold_until_, fleet_call_id_);
  gate_ = nullptr;
}

CapacityGate::CapacityGate(GateOptions options)
    : options_(Resolve(std::move(options))),
      planner_(LimitsOf(options_)),
      waiters_(options_.share_weights),
      reserves_(options_.reserved_calls, options_.window + options_.safety_margin),
      fleet_(options_.fleet_window == nullptr || options_.calls_per_window <= 0
                 ? nullptr
                 : std::make_unique<FleetAdmission>(options_.fleet_window, options_.fleet_replicas,
                                                    options_.window + options_.safety_margin,
                                                    FleetQuotaOf(options_))) {}

absl::StatusOr<CapacityGate::Permit> CapacityGate::Acquire(http::RequestPriority priority,
                                                           absl::Time deadline,
                                                           RejectReason* reason,
                                                           const Cancellation* cancellation,
                                                           int share) {
  std::unique_lock<std::mutex> lock(mu_);
  share = waiters_.ShareOrDefault(share);
  const absl::Time now = options_.clock->Now();
  if (planner_.Advance(now) > 0) WakeFrontLocked();
  // Fast path: nobody to yield to (or a call within its caller's reserve) and capacity free
  // (a fleet asks Redis in Wait).
  if (fleet_ == nullptr &&
      (waiters_.AheadOfNew(priority, share) == 0 || WithinReserveLocked(share, now)) &&
      now <= deadline &&
      PlanLocked(now, priority, share, 0).AdmitNow(now)) {
    return AdmitLocked(share, now, now);
  }
  return Wait(lock, priority, share, now, deadline, reason, cancellation);
}

absl::StatusOr<CapacityGate::Permit> CapacityGate::Wait(std::unique_lock<std::mutex>& lock,
                                                        http::RequestPriority priority, int share,
                                                        absl::Time entered, absl::Time deadline,
                                                        RejectReason* reason,
                                                        const Cancellation* cancellation) {
  Waiter self(priority, share);
  bool queued = false;
  absl::Time now = entered;
  // In a fleet: this caller's ticket (FleetAdmission) and the slot it names, or the slot
  // the fleet named when it had no ticket to give in time.
  uint64_t ticket = 0;
  absl::Time fleet_slot = absl::InfinitePast();
  bool asked_fleet = false;
  for (;;) {
    // A call within its caller's reserve takes slots kept from everyone else: it waits for
    // nobody's turn (a waiter held back by that very reserve must not hold it up).
    const int ahead = WithinReserveLocked(share, now) ? 0
                      : queued                       ? waiters_.Position(&self)
                                                     : waiters_.AheadOfNew(priority, share);
    if (ticket != 0 && !fleet_->HoldsTicket(ticket)) {
      ticket = 0;  // voided by a rate-limit answer (or Redis lost): ask again
      asked_fleet = false;
    }
    Plan plan = PlanLocked(now, priority, share, ahead);
    bool fleet_holds = false;
    if (fleet_ != nullptr && fleet_not_before_ > plan.not_before) {
      plan.not_before = fleet_not_before_;
      plan.limit = fleet_hold_;
      fleet_holds = true;
    }
    // While Redis is lost the local shares may refuse what Redis would allow again: its
    // probes must not wait for them.
    const bool probe = fleet_ != nullptr && fleet_->ProbeDue(now);
    if (ahead == 0 && now <= deadline && (plan.AdmitNow(now) || probe)) {
      std::string fleet_call_id;
      if (fleet_ != nullptr) {
        // One Redis round trip under the lock: this replica's admissions of the
        // connection are serialised anyway, and Redis serialises the fleet's.
        FleetAsk ask = FleetAskLocked(now, priority, deadline);
        ask.ticket = ticket;
        FleetAdmission::Verdict verdict = fleet_->TryAdmit(now, ask);
        ticket = verdict.ticket;
        asked_fleet = true;
        if (verdict.tickets_voided) WakeAllLocked();
        const LocalCaps caps = fleet_->Caps(DayStart(now, options_.day_start_utc_offset));
        planner_.SetWindowCap(caps.window);
        planner_.SetConcurrencyCap(caps.concurrency);
        planner_.SetDailyCap(caps.daily);
        if (!verdict.admit) {
          fleet_not_before_ = verdict.not_before;
          fleet_hold_ = ReasonOf(verdict.held_by);
          continue;  // plan again with the fleet's slot as the floor
        }
        if (!PlanLocked(now, priority, share, ahead).AdmitNow(now)) {
          // The shares just set (a state change, a new day) turn the call away after all.
          fleet_->Close(verdict.call_id);
          continue;
        }
        fleet_call_id = std::move(verdict.call_id);
        if (fleet_call_id.empty()) fleet_->NoteUnrecordedCall();
      }
      if (queued) {
        waiters_.Remove(&self);
        WakeFrontLocked();  // the next waiter may fit too, and must set its own timer
      }
      return AdmitLocked(share, now, entered, std::move(fleet_call_id));
    }
    // A caller that cannot go now takes a ticket of the fleet's at once, so that it knows
    // at once whether its slot can come before its deadline.
    if (fleet_ != nullptr && !asked_fleet && now < deadline && plan.not_before <= deadline &&
        fleet_->state() != FleetState::kDegraded) {
      asked_fleet = true;
      FleetAsk ask = FleetAskLocked(now, priority, deadline);
      ask.first = false;
      const FleetAdmission::Verdict verdict = fleet_->TryAdmit(now, ask);
      ticket = verdict.ticket;
      if (verdict.tickets_voided) WakeAllLocked();
      if (verdict.ticket == 0 && verdict.not_before > deadline) {
        fleet_slot = verdict.not_before;
        fleet_hold_ = ReasonOf(verdict.held_by);
      }
      continue;
    }
    if (fleet_slot > plan.not_before) {
      plan.not_before = fleet_slot;
      plan.limit = fleet_hold_;
      fleet_holds = true;
    }
    if (now >= deadline || plan.not_before > deadline) {
      if (fleet_ != nullptr) fleet_->DropTicket(ticket);
      Refusal refusal = RefuseLocked(plan, now, ahead, priority);
      refusal.fleet = fleet_holds;
      refusal.fleet_degraded = fleet_holds && fleet_->state() == FleetState::kDegraded;
      refusal.fleet_share = fleet_ != nullptr && fleet_->state() != FleetState::kShared;
      if (queued) {
        waiters_.Remove(&self);
        if (ahead == 0) WakeFrontLocked();  // the new front must set its own timer
      }
      lock.unlock();
      return RefusalStatus(refusal, reason);
    }
    if (IsCancelled(cancellation)) {
      if (fleet_ != nullptr) fleet_->DropTicket(ticket);
      if (queued) {
        waiters_.Remove(&self);
        if (ahead == 0) WakeFrontLocked();
      }
      return absl::CancelledError("the caller cancelled while waiting for upstream capacity");
    }
    if (!queued) {
      waiters_.Push(&self);
      queued = true;
    }
    // Only the front waiter watches the clock for capacity; the others sleep until
    // their deadline or until they are woken as the new front.
    absl::Time wake = deadline;
    if (ahead == 0) {
      if (plan.not_before > now) wake = std::min(wake, plan.not_before);
      if (plan.concurrency_full) wake = std::min(wake, plan.concurrency_hint);
    }
    if (cancellation != nullptr) wake = std::min(wake, now + kCancellationPoll);
    self.cv.wait_for(lock, absl::ToChronoNanoseconds(std::min(wake - now, kMaxWaitSlice)));
    now = options_.clock->Now();
    if (planner_.Advance(now) > 0) WakeFrontLocked();
  }
}

FleetAsk CapacityGate::FleetAskLocked(absl::Time now, http::RequestPriority priority,
                                      absl::Time deadline) const {
  FleetAsk ask;
  ask.deadline = deadline;
  ask.window_limit = planner_.WindowLimit();
  ask.daily_limit = planner_.daily().LimitFor(priority);
  ask.local_day_calls = planner_.DailyCallsAt(now);
  ask.day_start = DayStart(now, options_.day_start_utc_offset);
  return ask;
}

CapacityGate::Permit CapacityGate::AdmitLocked(int share, absl::Time now, absl::Time entered,
                                               std::string fleet_call_id) {
  planner_.Admit();
  reserves_.Open(share);
  // The admission moves its share's tag, which may make another share's head the front:
  // that waiter sleeps without a timer until told.
  const Waiter* front = waiters_.Front();
  waiters_.NoteAdmitted(share);
  if (waiters_.Front() != front) WakeFrontLocked();
  return Permit(this, share, now, now - entered, std::move(fleet_call_id));
}

bool CapacityGate::WithinReserveLocked(int share, absl::Time now) const {
  return reserves_.any() && reserves_.HasRoom(share, now);
}

Plan CapacityGate::PlanLocked(absl::Time now, http::RequestPriority priority, int share,
                              int ahead) const {
  // Unused reserves of others count as calls ahead: the window and the concurrency cap
  // keep them free, all but one slot (the reserves are shares of the configured window,
  // which a learnt limit may have cut below them).
  if (!reserves_.any()) return planner_.PlanCall(now, priority, ahead);
  const int window_held =
      std::min(reserves_.HeldFrom(share, now), std::max(planner_.WindowLimit() - 1, 0));
  return planner_.PlanCall(now, priority, ahead, window_held, reserves_.RunningHeldFrom(share));
}

void CapacityGate::Release(int share, absl::Time hold_until, const std::string& fleet_call_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const absl::Time now = options_.clock->Now();
    planner_.Release(now, hold_until);
    reserves_.Close(share, now);
    // Freed a slot, or added a deferred release the front waiter must set a timer for.
    WakeFrontLocked();
  }
  if (fleet_ != nullptr) fleet_->Close(fleet_call_id);
}

absl::Duration CapacityGate::NoteRateLimited(absl::Duration retry_after) {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time now = options_.clock->Now();
  // Without a hint, wait until every call the upstream may have counted left its window.
  const absl::Duration pause = retry_after > absl::ZeroDuration()
                                   ? retry_after
                                   : options_.window + options_.safety_margin;
  planner_.Advance(now);
  planner_.NoteRateLimitAnswer(now, now + pause);
  if (fleet_ != nullptr) fleet_->NoteRateLimited(pause);  // one round trip, under the lock
  WakeAllLocked();  // so that waiters whose deadline comes first fail now
  return pause;
}

void CapacityGate::NoteDailyQuotaExhausted() {
  std::lock_guard<std::mutex> lock(mu_);
  planner_.MarkDayExhausted(options_.clock->Now());
  WakeAllLocked();
}

absl::Duration CapacityGate::UntilDayReset() const {
  const absl::Time now = options_.clock->Now();
  return DayStart(now, options_.day_start_utc_offset) + absl::Hours(24) - now;
}

GateSnapshot CapacityGate::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time now = options_.clock->Now();
  GateSnapshot snapshot;
  snapshot.window_calls = planner_.WindowCallsAt(now);
  snapshot.window_limit = planner_.WindowLimit();
  snapshot.configured_window_limit = std::max(options_.calls_per_window, 0);
  snapshot.window = options_.window;
  snapshot.in_flight = planner_.InFlightAt(now);
  snapshot.concurrency_limit = std::max(options_.max_concurrent, 0);
  snapshot.daily_calls = planner_.DailyCallsAt(now);
  snapshot.daily_limit = std::max(options_.daily_quota, 0);
  snapshot.waiting = waiters_.size();
  snapshot.fleet = fleet_ == nullptr ? "none" : FleetStateName(fleet_->state());
  snapshot.fleet_degraded = fleet_ != nullptr && fleet_->state() != FleetState::kShared;
  return snapshot;
}

absl::Duration CapacityGate::CallSpacing() const {
  std::lock_guard<std::mutex> lock(mu_);
  const int limit = planner_.WindowLimit();
  if (options_.calls_per_window <= 0 || limit <= 0) return absl::ZeroDuration();
  const int replicas = fleet_ == nullptr ? 1 : std::max(options_.fleet_replicas, 1);
  return (options_.window + options_.safety_margin) * replicas / limit;
}

void CapacityGate::WakeFrontLocked() {
  if (Waiter* front = waiters_.Front()) front->cv.notify_one();
}

void CapacityGate::WakeAllLocked() {
  waiters_.ForEach([](Waiter* w) { w->cv.notify_one(); });
}

}  // namespace leadgw::upstream::quota
