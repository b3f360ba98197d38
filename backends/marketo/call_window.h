// CallWindow: when this gateway may call a Marketo instance again after 606.
//
// Marketo counts 100 calls per rolling 20 s per instance and answers 606 beyond that. It
// does not say when a slot frees, so the retry-after hint is estimated from this
// gateway's own recent calls: the oldest call still inside the window leaves it first.
// Other integrations share the instance, so this is a lower bound clamped to [1 s, window].
//
// Thread-safe (std::mutex: code under TSan avoids Debian's uninstrumented absl::Mutex).
#ifndef LEADGW_BACKENDS_MARKETO_CALL_WINDOW_H_
#define LEADGW_BACKENDS_MARKETO_CALL_WINDOW_H_

#include <cstddef>
#include <deque>
#include <mutex>

#include "absl/time/time.h"

namespace leadgw::backends::marketo {

class CallWindow {
 public:
  // Remembers at most `capacity` calls (the instance's calls per window) over `window`.
  CallWindow(int capacity, absl::Duration window);

  // Notes a call started at `now`.
  void Record(absl::Time now);

  // Time until the oldest call recorded inside (now - window, now] leaves the window,
  // clamped to [1 s, window]; 1 s when there is none.
  absl::Duration RetryAfter(absl::Time now) const;

 private:
  const size_t capacity_;
  const absl::Duration window_;
  mutable std::mutex mu_;
  std::deque<absl::Time> calls_;  // guarded by mu_; oldest first
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_CALL_WINDOW_H_
