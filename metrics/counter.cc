#include "metrics/counter.h"

#include <cmath>

#include "metrics/atomic_double.h"

namespace leadgw::metrics {
namespace {

// Whole numbers below 2^53 convert to uint64_t exactly.
constexpr double kMaxExactWhole = 9007199254740992.0;

}  // namespace

void Counter::Increment(double value) {
  if (!(value >= 0)) return;  // Also rejects NaN.
  if (value < kMaxExactWhole && std::floor(value) == value) {
    whole_.fetch_add(static_cast<uint64_t>(value), std::memory_order_relaxed);
    return;
  }
  metrics_internal::AtomicAdd(fraction_, value);
}

double Counter::Value() const {
  return static_cast<double>(whole_.load(std::memory_order_relaxed)) +
         fraction_.load(std::memory_order_relaxed);
}

}  // namespace leadgw::metrics
