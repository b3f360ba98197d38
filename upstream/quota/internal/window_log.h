// WindowLog: the exact rolling-window rule of an upstream rate limit, as a sliding log of
// call end times in a fixed ring buffer (no allocation after construction), plus a count
// of calls still open.
//
// Why end times, not send times: the upstream counts a call when it arrives (or somewhere
// while it handles it), which lies between our send and the answer. Network and scheduling
// delays differ from call to call, most on a busy machine, so two calls sent `window`
// apart can arrive less than `window` apart. A call logged when it ends and counted in
// every window while it is open can never share the upstream's window with a later call
// that this log let through: the later call arrives after it was admitted, which is at
// least `span` after the earlier call's answer, hence after its arrival.
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_

#include <vector>

#include "absl/time/time.h"

namespace leadgw::upstream::quota_internal {

// A call may be admitted at time t iff fewer than `limit` calls are open or ended in
// (t - span, t]. The limit starts at `capacity` and may be lowered (SetLimit) when the
// upstream shows that our share is smaller. Only the newest `capacity` ends can ever
// matter, so the ring holds exactly that many. Not thread-safe: the owner
// (CapacityPlanner under the gate's lock) serialises access.
class WindowLog {
 public:
  // `capacity` <= 0 disables the limit. `span` is the upstream's window plus the
  // safety margin.
  WindowLog(int capacity, absl::Duration span);

  // The earliest time, not before `floor`, at which the (ahead + 1)-th future call may
  // be admitted when the `ahead` calls before it are each admitted as early as the
  // window allows and every call takes no time. Open calls are taken to end at `floor`,
  // so the answer is a lower bound while calls are open. `floor` is normally "now" (or
  // later, when the upstream told us to hold off). Returns `floor` when the limit is
  // disabled or the slot is free.
  absl::Time EarliestSlot(absl::Time floor, int ahead) const;

  // A call was admitted: it counts in every window until Close.
  void Open();

  // An open call ended at `t` (its answer came, or we gave up on it): logs it at `t`.
  void Close(absl::Time t);

  // Logs a call that ended at `t`. A `t` earlier than the newest entry (a clock that
  // stepped back) is logged as the newest entry instead, which keeps the ring sorted and
  // only ever delays later calls.
  void Record(absl::Time t);

  // Open calls, plus calls that ended in (now - span, now] or after `now`.
  int CountAt(absl::Time now) const;

  // The oldest call that ended in (now - span, now]; `now` when there is none but a call
  // is open (it leaves the window no sooner than `now + span`); InfiniteFuture() when the
  // window is empty.
  absl::Time OldestAt(absl::Time now) const;

  // The calls allowed per span from now on, clamped to [1, capacity]; no-op when the
  // limit is disabled. Calls already logged stay logged: a lower limit only delays.
  void SetLimit(int limit);
  int limit() const { return limit_; }

  int open() const { return open_; }

  int capacity() const { return capacity_; }
  absl::Duration span() const { return span_; }

 private:
  // The i-th oldest logged entry, 0 <= i < size_.
  absl::Time Entry(int i) const { return times_[(start_ + i) % capacity_]; }

  const int capacity_;
  int limit_;  // 1..capacity_ (0 when disabled)
  const absl::Duration span_;
  std::vector<absl::Time> times_;
  int start_ = 0;  // index of the oldest entry
  int size_ = 0;
  int open_ = 0;  // admitted calls not yet closed
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_WINDOW_LOG_H_
