#include "upstream/retry/backoff_policy.h"

#include <algorithm>
#include <cmath>

#include "absl/numeric/int128.h"
#include "absl/random/random.h"

namespace leadgw::upstream::retry {
namespace {

absl::Duration NonNegative(absl::Duration d) { return std::max(d, absl::ZeroDuration()); }

// Maps a uniform 64-bit word onto [0, bound] by fixed-point multiplication. The bias is at
// most (bound + 1) / 2^64, far below anything a backoff can notice, and unlike
// std::uniform_int_distribution the result is the same with every standard library.
int64_t UniformUpTo(uint64_t word, int64_t bound) {
  if (bound <= 0) return 0;
  absl::uint128 product = absl::uint128(word) * absl::uint128(static_cast<uint64_t>(bound) + 1);
  return static_cast<int64_t>(absl::Uint128High64(product));
}

}  // namespace

ExponentialBackoff::ExponentialBackoff(const BackoffOptions& options, uint64_t seed)
    : maximum_(NonNegative(options.maximum)),
      multiplier_(options.multiplier >= 1.0 ? options.multiplier : 1.0),
      cap_(std::min(NonNegative(options.initial), NonNegative(options.maximum))),
      engine_(seed) {}

absl::Duration ExponentialBackoff::NextDelay() {
  // Nanosecond resolution; caps beyond ~292 years would overflow int64 and are clamped.
  int64_t cap_ns = absl::ToInt64Nanoseconds(cap_);
  absl::Duration delay = absl::Nanoseconds(UniformUpTo(engine_(), cap_ns));
  // Multiplying a Duration by a double saturates to InfiniteDuration instead of
  // overflowing, and min() then pins it at the maximum.
  cap_ = std::min(cap_ * multiplier_, maximum_);
  return delay;
}

uint64_t RandomJitterSeed() {
  thread_local absl::BitGen gen;
  return absl::Uniform<uint64_t>(gen);
}

}  // namespace leadgw::upstream::retry
