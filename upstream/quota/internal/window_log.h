// WindowLog: the exact rolling-window rule of an upstream rate limit, as a sliding log of
// admitted send times in a fixed ring buffer (no allocation after construction).
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_

#include <vector>

#include "absl/time/time.h"

namespace leadgw::upstream::quota_internal {

// A call may be admitted at time t iff fewer than `capacity` logged calls lie in
// (t - span, t]. Only the newest `capacity` admissions can ever matter, so the ring
// holds exactly that many. Not thread-safe: the owner (CapacityPlanner under the
// gate's lock) serialises access.
class WindowLog {
 public:
  // `capacity` <= 0 disables the limit. `span` is the upstream's window plus the
  // safety margin.
  WindowLog(int capacity, absl::Duration span);

  // The earliest time, not before `floor`, at which the (ahead + 1)-th future call may
  // be admitted when the `ahead` calls before it are each admitted as early as the
  // window allows. `floor` is normally "now" (or later, when the upstream told us to
  // hold off). Returns `floor` when the limit is disabled or the slot is free.
  absl::Time EarliestSlot(absl::Time floor, int ahead) const;

  // Logs an admission at `t`. A `t` earlier than the newest entry (a clock that stepped
  // back) is logged as the newest entry instead, which keeps the ring sorted and only
  // ever delays later calls.
  void Record(absl::Time t);

  // Logged calls in (now - span, now], plus any logged after `now`.
  int CountAt(absl::Time now) const;

  // The oldest logged call in (now - span, now]; InfiniteFuture() when there is none.
  absl::Time OldestAt(absl::Time now) const;

  int capacity() const { return capacity_; }
  absl::Duration span() const { return span_; }

 private:
  // The i-th oldest logged entry, 0 <= i < size_.
  absl::Time Entry(int i) const { return times_[(start_ + i) % capacity_]; }

  const int capacity_;
  const absl::Duration span_;
  std::vector<absl::Time> times_;
  int start_ = 0;  // index of the oldest entry
  int size_ = 0;
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_
