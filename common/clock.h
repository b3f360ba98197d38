// The time source of the retry layer. Production code uses RealClock(); tests inject
// testing::FakeClock so backoff sleeps and breaker timeouts take no wall time.
#ifndef LEADGW_COMMON_CLOCK_H_
#define LEADGW_COMMON_CLOCK_H_

#include "absl/time/time.h"

namespace leadgw {

// Reads the time and sleeps. Implementations must be thread-safe: one clock is shared by
// every call on a connection (breaker, retry loops).
class Clock {
 public:
  virtual ~Clock() = default;

  // The current time.
  virtual absl::Time Now() = 0;

  // Blocks the calling thread for `d` (no-op when `d` <= 0).
  virtual void SleepFor(absl::Duration d) = 0;
};

// The process-wide wall clock (absl::Now / absl::SleepFor). Stateless, so sharing one
// instance is not a hidden global in any meaningful sense; never destroyed.
Clock& RealClock();

}  // namespace leadgw

#endif  // LEADGW_COMMON_CLOCK_H_
