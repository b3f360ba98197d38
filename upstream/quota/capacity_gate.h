// CapacityGate: the per-connection gate every upstream HTTP call passes before it is
// sent (token calls and retries included), so that the gateway never earns a rate-limit
// error of its own making. One gate per connection models the upstream's limits:
//
//   - an exact rolling window: at most `calls_per_window` calls in ANY interval of
//     `window` (plus a safety margin), kept as a sliding log of when calls ended, with
//     running calls counted in every window, so no burst at a fixed-window edge can
//     double the rate and no network delay can squeeze two calls into one upstream
//     window (each backend kind states its defaults, backends/<vendor>/kind.cc). A
//     rate-limit answer lowers the limit to the share the account really leaves us
//     (NoteRateLimited);
//   - a concurrency cap;
//   - a daily quota that resets at midnight of a fixed UTC offset, with a reserve only
//     interactive calls may use.
// In a fleet (GateOptions::fleet_window) all three are the fleet's, kept in Redis, and the
// gate keeps its own count too (FleetAdmission).
//
// Service policy when capacity is short:
//   - Strict priority: while any interactive caller waits, no bulk caller takes capacity,
//     however long the bulk caller has waited. A newly arriving interactive call goes
//     ahead of every queued bulk call.
//   - Reserves: calls of the window a caller reserved and has not used are left free
//     for it (GateOptions::reserved_calls), and a call within its caller's reserve takes
//     no turn among the waiters.
//   - Fair shares within a priority: callers (GateOptions::share_weights, from the access
//     config's quota weights) are served in proportion to their weights while they all
//     wait, so a caller flooding the connection cannot starve a quiet one
//     (quota/internal/waiter_queue.h).
//   - FIFO within a caller's share and a priority: only the front waiter may take
//     capacity, so a later call never overtakes an earlier one of the same caller and
//     priority (even when a concurrency slot frees up while the front waiter is still
//     asleep).
//   - A call is admitted at once only if nobody it must yield to is queued.
//   - Fail fast: a call that by the gate's own estimate (window log, waiters ahead, daily
//     budget, upstream hold-off) cannot get capacity before its deadline is refused at
//     once, so the caller can answer RESOURCE_EXHAUSTED with a useful retry-after instead
//     of burning its deadline in a queue. Running calls release concurrency slots at
//     unknown times, so the concurrency cap alone never refuses at once; such a caller
//     waits until its deadline.
//
// No timer thread: deferred releases (Permit::HoldUntil) and day boundaries are applied
// lazily, whenever the gate is used; the front waiter sleeps exactly until the next slot
// it knows of.
#ifndef LEADGW_UPSTREAM_QUOTA_CAPACITY_GATE_H_
#define LEADGW_UPSTREAM_QUOTA_CAPACITY_GATE_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cancellation.h"
#include "common/clock.h"
#include "upstream/http/request_priority.h"
#include "upstream/coord/shared_window.h"
#include "upstream/quota/fleet_admission.h"
#include "upstream/quota/internal/capacity_planner.h"
#include "upstream/quota/internal/share_reserves.h"
#include "upstream/quota/internal/waiter_queue.h"
#include "upstream/quota/reject_reason.h"
#include "upstream/settings.h"

namespace leadgw::upstream::quota {

// How often a waiting caller checks whether it was cancelled.
inline constexpr absl::Duration kCancellationPoll = absl::Milliseconds(50);

// GateOptions::safety_margin's default: use DefaultSafetyMargin(window).
inline constexpr absl::Duration kAutoSafetyMargin = absl::Nanoseconds(-1);

// max(20ms, window / 100). Logging calls by their end already covers the delay between
// our send and the upstream's count (window_log.h); the margin is slack for an upstream
// whose clock or counter is coarser than ours (whole-second timestamps, clock drift).
absl::Duration DefaultSafetyMargin(absl::Duration window);

struct GateOptions {
  int calls_per_window = 100;  // <= 0: no rate limit
  absl::Duration window = absl::Seconds(20);
  // Slack added to the window so that calls counted by the upstream on arrival never
  // overlap. Negative (kAutoSafetyMargin, the default): DefaultSafetyMargin(window).
  absl::Duration safety_margin = kAutoSafetyMargin;
  int max_concurrent = 0;  // <= 0: no cap
  int daily_quota = 0;     // <= 0: none
  // Bulk calls stop at daily_quota - daily_reserve; interactive calls may use the reserve.
  int daily_reserve = 0;
  // Day boundary: midnight at this UTC offset (whole seconds).
  absl::Duration day_start_utc_offset = absl::Hours(-6);
  // The clock every decision reads (tests inject a FakeClock); only its Now() is used:
  // waiting itself is real time on a condition variable. Not owned: it must outlive the
  // gate. Read under the gate's lock, so it must be thread-safe (every Clock is).
  Clock* clock = &RealClock();
  // The window every replica of the fleet shares (null: this process alone), and the
  // replica count whose 1/N share each keeps while Redis is down (FleetAdmission).
  std::shared_ptr<coord::SharedWindow> fleet_window;
  int fleet_replicas = 1;
  // The callers' weights (share i: weights[i]); share 0 is every call of no configured
  // caller. Empty: one share. Shares order the waiters of this process; the capacity
  // itself (the fleet's, in a fleet) is one.
  std::vector<int> share_weights;
  // Calls of every window kept for a share (share i: reserved_calls[i]; 0 or missing:
  // none), and as many concurrency slots (all but one at most). Other shares' calls leave
  // a share's unused reserve free, so a caller within its reserve is admitted at once
  // (quota/internal/share_reserves.h).
  std::vector<int> reserved_calls;
};

// The connection's configured limits; defaults for the rest (the safety margin is
// DefaultSafetyMargin(limits.window), the day starts at CST midnight, the real clock).
GateOptions GateOptionsFromLimits(const UpstreamLimits& limits);

// The gate's state at one moment, for metrics and debugging.
struct GateSnapshot {
  int window_calls;       // admitted calls in the current rolling window (+ margin)
  // Calls per window admitted now: calls_per_window, or less while the gate has learnt
  // from rate-limit answers that the account is shared (0: no rate limit).
  int window_limit;
  int configured_window_limit;  // calls_per_window (0: none)
  absl::Duration window;  // the upstream's window (without the margin)
  int in_flight;          // running calls plus deferred releases not yet due
  int concurrency_limit;  // max_concurrent (0: none)
  int64_t daily_calls;    // calls admitted since the last day boundary
  int daily_limit;        // daily_quota (0: none)
  int waiting;            // callers blocked in Acquire
  const char* fleet;      // FleetStateName, or "none" without a fleet window
  bool fleet_degraded;    // degraded or recovering: keeping to the 1/N share
};

// Thread-safe. Must outlive every Permit it issued.
class CapacityGate {
 public:
  explicit CapacityGate(GateOptions options);
  CapacityGate(const CapacityGate&) = delete;
  CapacityGate& operator=(const CapacityGate&) = delete;

  // Proof of one admitted call. Holds a concurrency slot until destroyed (or until the
  // time given to HoldUntil). Movable, not copyable; not thread-safe itself (one owner).
  class Permit {
   public:
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit();

    // Time spent waiting for capacity (by the gate's clock).
    absl::Duration waited() const { return waited_; }

    // When the gate admitted the call and logged it in the window (gate's clock).
    absl::Time admitted_at() const { return admitted_at_; }

    // The call was abandoned (our timeout fired) but may still run upstream until
    // `until`: keep the concurrency slot busy until then instead of freeing it at
    // destruction. Deferred releases are processed lazily (on later Acquire calls /
    // snapshots) -- no timer thread. The latest call wins.
    void HoldUntil(absl::Time until) { hold_until_ = until; }

   private:
    friend class CapacityGate;
    Permit(CapacityGate* gate, int share, absl::Time admitted_at, absl::Duration waited,
           std::string fleet_call_id)
        : gate_(gate),
          share_(share),
          admitted_at_(admitted_at),
          waited_(waited),
          fleet_call_id_(std::move(fleet_call_id)) {}
    void Reset();

    CapacityGate* gate_;  // null once moved from
    int share_;
    absl::Time admitted_at_;
    absl::Duration waited_;
    absl::Time hold_until_ = absl::InfinitePast();
    std::string fleet_call_id_;  // the call's entry in the fleet's window, if any
  };

  // Blocks until the call may be sent: a rate slot in the rolling window, a concurrency
  // slot and daily budget are all available, and no waiter it must yield to (see the
  // policy above) is queued. Records the call in the window log and the daily count
  // when it returns a Permit. A call that finds capacity free is admitted even when
  // `deadline` is exactly now.
  //
  // Fails AT ONCE (no waiting) with RESOURCE_EXHAUSTED when capacity cannot come before
  // `deadline` by the gate's own estimate (the slot this caller needs, counting the
  // waiters ahead, frees after the deadline; the daily budget is spent until the next
  // reset; the upstream asked us to hold off; the deadline has already passed). A caller
  // that waited and reaches its deadline fails with RESOURCE_EXHAUSTED too. Every error
  // carries a retry-after hint (leadgw::backends::SetRetryAfter) and a message naming the
  // limit; `*reason` (if non-null) says why.
  //
  // A waiter whose `cancellation` (may be null) says the caller has gone leaves the queue
  // within kCancellationPoll with CANCELLED: its place goes to the next waiter.
  //
  // `share` is the caller's index in GateOptions::share_weights (unknown: share 0).
  absl::StatusOr<Permit> Acquire(http::RequestPriority priority, absl::Time deadline,
                                 RejectReason* reason = nullptr,
                                 const Cancellation* cancellation = nullptr, int share = 0);

  // The upstream answered a rate-limit error anyway (other clients share the account):
  // admit nothing new until now + retry_after (zero: one whole window plus the margin,
  // so every call the upstream counted has left its window), and learn the smaller share:
  // the window's limit halves, at most once per window, and regrows by a twentieth of
  // calls_per_window per quiet window (quota/internal/learned_limit.h). In a fleet every
  // replica pauses and takes the lower share (FleetAdmission::NoteRateLimited). Waiters
  // whose deadline comes first fail. Returns the pause.
  absl::Duration NoteRateLimited(absl::Duration retry_after);

  // The upstream says the daily quota is spent: admit nothing until the
  // next day boundary. Waiters whose deadline comes first fail.
  void NoteDailyQuotaExhausted();
  // How long until the upstream's quota day resets (by the gate's clock and day start).
  absl::Duration UntilDayReset() const;

  // Current counts (deferred releases due by now are not counted as in flight).
  GateSnapshot Snapshot() const;

  // The mean spacing of calls the window allows this process now: the window (with its
  // margin) divided by the calls it admits, times the replica count in a fleet (each
  // replica paces its share). Zero without a rate limit. Coalesced writes go out at this
  // pace (backends/common/call_coalescer.h).
  absl::Duration CallSpacing() const;

 private:
  // Why and until when a call is refused; built under the lock, turned into a Status
  // after it.
  struct Refusal {
    RejectReason reason;
    bool upstream_said;
    absl::Duration retry_after;
    int ahead;
    http::RequestPriority priority;
    int bulk_limit;  // daily calls bulk callers may make
    int window_limit;  // calls per window admitted now (learned, <= configured)
    bool fleet;           // the fleet's window (or its coordination) holds the call up
    bool fleet_degraded;  // ... because Redis is unreachable (read under the lock)
    bool fleet_share;     // Redis is (or was just) unreachable: the limits are 1/N shares
  };

  absl::StatusOr<Permit> Wait(std::unique_lock<std::mutex>& lock, http::RequestPriority priority,
                              int share, absl::Time entered, absl::Time deadline,
                              RejectReason* reason, const Cancellation* cancellation);
  FleetAsk FleetAskLocked(absl::Time now, http::RequestPriority priority,
                          absl::Time deadline) const;
  Permit AdmitLocked(int share, absl::Time now, absl::Time entered,
                     std::string fleet_call_id = "");
  Refusal RefuseLocked(const quota_internal::Plan& plan, absl::Time now, int ahead,
                       http::RequestPriority priority) const;
  absl::Status RefusalStatus(const Refusal& refusal, RejectReason* reason) const;
  void Release(int share, absl::Time hold_until, const std::string& fleet_call_id);
  // PlanCall for a call of `share` with `ahead` waiters before it, leaving the other
  // shares' unused reserves free.
  bool WithinReserveLocked(int share, absl::Time now) const;
  quota_internal::Plan PlanLocked(absl::Time now, http::RequestPriority priority, int share,
                                  int ahead) const;
  void WakeFrontLocked();
  void WakeAllLocked();

  const GateOptions options_;
  mutable std::mutex mu_;
  quota_internal::CapacityPlanner planner_;  // guarded by mu_
  quota_internal::WaiterQueue waiters_;      // guarded by mu_
  quota_internal::ShareReserves reserves_;   // guarded by mu_
  const std::unique_ptr<FleetAdmission> fleet_;  // null without a fleet window
  absl::Time fleet_not_before_ = absl::InfinitePast();  // guarded by mu_
  RejectReason fleet_hold_ = RejectReason::kRateWindow;  // guarded by mu_; why the fleet holds
};

}  // namespace leadgw::upstream::quota

#endif  // LEADGW_UPSTREAM_QUOTA_CAPACITY_GATE_H_
