// CapacityPlanner: the decisions of the capacity gate without threads or clocks. Given
// "now", the calls admitted so far and how many waiters are ahead, it answers "admit now"
// or "not before T", and which limit is to blame. The gate adds locking, waiting and the
// waiter queue on top; tests drive this class directly with plain times.
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_CAPACITY_PLANNER_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_CAPACITY_PLANNER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "upstream/http/request_priority.h"
#include "upstream/quota/internal/daily_budget.h"
#include "upstream/quota/internal/learned_limit.h"
#include "upstream/quota/internal/window_log.h"
#include "upstream/quota/reject_reason.h"

namespace leadgw::upstream::quota_internal {

struct PlannerLimits {
  int calls_per_window = 0;                    // <= 0: no rate limit
  absl::Duration span = absl::ZeroDuration();  // window + safety margin
  int max_concurrent = 0;                      // <= 0: no cap
  int daily_quota = 0;                         // <= 0: none
  int daily_reserve = 0;
  absl::Duration day_start_utc_offset = absl::ZeroDuration();
};

// When a call could go, as far as the planner knows.
struct Plan {
  // Earliest time the rate window, an upstream hold-off and the daily budget allow the
  // call. A lower bound: the concurrency cap may delay it further.
  absl::Time not_before = absl::InfinitePast();
  // Every concurrency slot is taken (by calls in flight plus the waiters ahead).
  bool concurrency_full = false;
  // When concurrency_full: the earliest deferred release (HoldUntil) on record, the one
  // slot release known in advance; InfiniteFuture when only running calls hold slots.
  absl::Time concurrency_hint = absl::InfiniteFuture();
  // The limit that holds the call up; kDeadline when nothing does.
  quota::RejectReason limit = quota::RejectReason::kDeadline;
  // `limit` was set by the upstream (NoteRateLimited / NoteDailyQuotaExhausted), not by
  // our own bookkeeping.
  bool upstream_said = false;

  bool AdmitNow(absl::Time now) const { return not_before <= now && !concurrency_full; }
};

// Not thread-safe: the gate calls it under its lock. Allocation-free after construction
// except when deferred releases outnumber max_concurrent (only without a cap).
class CapacityPlanner {
 public:
  explicit CapacityPlanner(const PlannerLimits& limits);

  // Brings the state up to `now`: rolls the daily budget over at the day boundary and
  // ends deferred releases due by `now`. Returns how many concurrency slots it freed.
  int Advance(absl::Time now);

  // When a call of `priority` could go if `ahead` calls are served before it, each
  // taking one slot of every limit as early as possible, while `window_held` slots of the
  // rate window and `running_held` concurrency slots stay free (other callers' reserves;
  // one concurrency slot is always left to take). Call Advance(now) first.
  Plan PlanCall(absl::Time now, http::RequestPriority priority, int ahead,
                int window_held = 0, int running_held = 0) const;

  // Records an admitted call: open in the window log, counted today, one slot in flight.
  void Admit();

  // A call finished at `now`: the window logs it at `now`. With `hold_until` > `now`
  // its concurrency slot stays busy until then (the call was abandoned but may still run
  // upstream). Returns true when a slot was freed now.
  bool Release(absl::Time now, absl::Time hold_until);

  // The upstream answered rate-limited: nothing is admitted before `until`.
  void BlockUntil(absl::Time until);

  // A cap on the window's limit besides the learnt one (the fleet's 1/N share while its
  // coordination is down); 0: none.
  void SetWindowCap(int cap);
  // Likewise on the concurrency cap (it only lowers a configured cap); 0: none.
  void SetConcurrencyCap(int cap) { concurrency_cap_ = cap; }
  // Likewise on the calls of the current day; nullopt: none. Cleared at the day boundary.
  void SetDailyCap(std::optional<int64_t> cap) { daily_.SetCap(cap); }

  // The upstream answered rate-limited at `now`, so our share of its window is smaller
  // than configured: lowers the window's limit (LearnedLimit) and blocks until `until`.
  // Returns true when the limit dropped.
  bool NoteRateLimitAnswer(absl::Time now, absl::Time until);

  // The upstream reported today's quota spent: nothing is admitted before the next day.
  void MarkDayExhausted(absl::Time now);

  // Read-only views at `now` (no Advance needed: expired holds are not counted).
  int WindowCallsAt(absl::Time now) const { return window_.CountAt(now); }
  // Calls per span the window admits now: the configured limit, or less after the
  // upstream answered rate-limited (0: no rate limit).
  int WindowLimit() const { return window_.limit(); }
  absl::Time OldestWindowCallAt(absl::Time now) const { return window_.OldestAt(now); }
  int InFlightAt(absl::Time now) const;
  int64_t DailyCallsAt(absl::Time now) const { return daily_.UsedAt(now); }

  absl::Time blocked_until() const { return blocked_until_; }
  const DailyBudget& daily() const { return daily_; }

 private:
  void ApplyWindowLimit();

  // max_concurrent_, lowered by concurrency_cap_ (0: no cap).
  int ConcurrencyLimit() const;

  const int max_concurrent_;
  int concurrency_cap_ = 0;
  WindowLog window_;
  LearnedLimit learned_;  // sets window_'s limit, with window_cap_
  int window_cap_ = 0;
  DailyBudget daily_;
  absl::Time blocked_until_ = absl::InfinitePast();
  int in_flight_ = 0;  // running calls plus deferred releases not yet due
  // Min-heap (by time) of deferred releases.
  std::vector<absl::Time> holds_;
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_CAPACITY_PLANNER_H_
