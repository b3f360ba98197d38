// DailyBudget: an upstream's daily call quota, counted per day that starts at midnight
// of a fixed UTC offset (an upstream that says "12:00 AM CST" means UTC-6 all year, not
// the US daylight-saving switch).
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_DAILY_BUDGET_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_DAILY_BUDGET_H_

#include <cstdint>
#include <optional>

#include "absl/time/time.h"
#include "upstream/http/request_priority.h"

namespace leadgw::upstream::quota_internal {

// Not thread-safe: the owner serialises access. Call Advance(now) before the other
// methods so that they see the current day.
class DailyBudget {
 public:
  // `quota` <= 0: no quota (only an upstream's "spent" report blocks). Bulk calls stop
  // at quota - reserve; interactive calls may use the reserve. `reserve` is clamped to
  // [0, quota].
  DailyBudget(int quota, int reserve, absl::Duration day_start_utc_offset);

  // Moves to the day containing `now`, resetting the count on a new day. Never moves
  // back: a clock that steps back keeps counting into the later day (the safe side).
  void Advance(absl::Time now);

  // Whether a call of `priority` fits today's budget after `ahead` other calls.
  bool Allows(http::RequestPriority priority, int64_t ahead) const;

  // A cap on today's calls besides the quota (the fleet's share while its coordination is
  // down); nullopt: none. The next day boundary clears it.
  void SetCap(std::optional<int64_t> cap) { cap_ = cap; }

  // Counts one admitted call.
  void Record() { ++used_; }

  // The upstream reported the quota spent: nothing fits until the next day.
  void MarkExhausted() { exhausted_ = true; }

  // Start of the day after the current one: when the budget comes back.
  absl::Time NextReset() const { return next_reset_; }

  // Calls counted on the day containing `now` (0 if that is a later day).
  int64_t UsedAt(absl::Time now) const { return now < next_reset_ ? used_ : 0; }

  // The limit for `priority` (0: none).
  int LimitFor(http::RequestPriority priority) const;

  bool exhausted_by_upstream() const { return exhausted_; }
  int quota() const { return quota_; }

 private:
  const int quota_;
  const int reserve_;
  const int64_t offset_seconds_;
  absl::Time next_reset_ = absl::InfinitePast();  // forces a roll on first Advance
  int64_t used_ = 0;
  bool exhausted_ = false;
  std::optional<int64_t> cap_;
};

// Midnight (at UTC offset `offset`) that starts the day containing `t`.
absl::Time DayStart(absl::Time t, absl::Duration offset);

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_DAILY_BUDGET_H_
