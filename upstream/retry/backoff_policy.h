// Exponential backoff with full jitter: the n-th delay (n = 0, 1, ...) is drawn uniformly
// from [0, min(maximum, initial * multiplier^n)]. Full jitter spreads the retries of many
// clients that failed together, so they do not hit a recovering upstream in waves.
#ifndef LEADGW_UPSTREAM_RETRY_BACKOFF_POLICY_H_
#define LEADGW_UPSTREAM_RETRY_BACKOFF_POLICY_H_

#include <cstdint>
#include <random>

#include "absl/time/time.h"

namespace leadgw::upstream::retry {

struct BackoffOptions {
  // Cap of the first delay. Negative values count as zero.
  absl::Duration initial = absl::Milliseconds(100);
  // Upper bound of every cap. Below `initial` it wins (every cap is `maximum`).
  absl::Duration maximum = absl::Seconds(5);
  // Growth factor of the cap per delay. Values below 1 (and NaN) count as 1.
  double multiplier = 2.0;
};

// The backoff state of one call: create one per call (it is a small copyable value) so
// concurrent calls never share growth or random state. Not thread-safe.
class ExponentialBackoff {
 public:
  // `seed` makes the jitter sequence reproducible: the same options and seed give the same
  // delays on every platform (std::mt19937_64 is fully specified by the standard, and the
  // mapping to a range is our own). Production callers pass RandomJitterSeed().
  ExponentialBackoff(const BackoffOptions& options, uint64_t seed);

  // The next delay, uniform in [0, current_cap()], then grows the cap. Never negative.
  absl::Duration NextDelay();

  // The upper bound of the next NextDelay() draw (for tests and diagnostics).
  absl::Duration current_cap() const { return cap_; }

 private:
  absl::Duration maximum_;
  double multiplier_;
  absl::Duration cap_;
  std::mt19937_64 engine_;
};

// A fresh unpredictable seed for ExponentialBackoff (a thread-local absl::BitGen, so it is
// cheap and thread-safe).
uint64_t RandomJitterSeed();

}  // namespace leadgw::upstream::retry

#endif  // LEADGW_UPSTREAM_RETRY_BACKOFF_POLICY_H_
