// Exact sliding-log rate limiter: at most N admitted calls in any rolling window. The
// emulators use it to answer Marketo 606 and HotProfile 429 like the real services.
#ifndef LEADGW_EMULATORS_COMMON_ROLLING_WINDOW_LIMITER_H_
#define LEADGW_EMULATORS_COMMON_ROLLING_WINDOW_LIMITER_H_

#include <deque>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace leadgw::emulators::common {

// Returns the current time; tests inject a fake one.
using NowFunction = std::function<absl::Time()>;

// The real clock.
NowFunction RealClock();

// Thread-safe. A call is admitted when fewer than `max_calls` admitted calls happened in
// (now - window, now]. Rejected calls are not logged, so hammering a limited emulator does
// not extend the block (the window frees up `window` after the oldest admitted call).
class RollingWindowLimiter {
 public:
  // `max_calls` <= 0 disables the limit (every call is admitted).
  RollingWindowLimiter(int max_calls, absl::Duration window,
                       NowFunction now = RealClock());
  RollingWindowLimiter(const RollingWindowLimiter&) = delete;
  RollingWindowLimiter& operator=(const RollingWindowLimiter&) = delete;

  // Admits and logs the call, or returns false when the window is full.
  bool TryAcquire();

  // Admitted calls currently inside the window.
  int CountInWindow() const;

  // Time until the next call would be admitted (zero when one would be now).
  absl::Duration TimeUntilAvailable() const;

  // Changes the limit; the log of past calls is kept.
  void Configure(int max_calls, absl::Duration window);

  // Forgets every logged call.
  void Reset();

 private:
  void PruneLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const NowFunction now_;
  mutable absl::Mutex mu_;
  int max_calls_ ABSL_GUARDED_BY(mu_);
  absl::Duration window_ ABSL_GUARDED_BY(mu_);
  mutable std::deque<absl::Time> log_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_ROLLING_WINDOW_LIMITER_H_
