// Lock-free addition on std::atomic<double> (fetch_add for floating point is C++20).
#ifndef LEADGW_METRICS_ATOMIC_DOUBLE_H_
#define LEADGW_METRICS_ATOMIC_DOUBLE_H_

#include <atomic>

namespace leadgw::metrics::metrics_internal {

// Adds `delta` to `target` with a compare-exchange loop. Relaxed ordering: a metric value
// publishes no other memory, readers only need an untorn value.
inline void AtomicAdd(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed,
                                       std::memory_order_relaxed)) {
    // `current` was reloaded by compare_exchange_weak; retry with it.
  }
}

}  // namespace leadgw::metrics::metrics_internal

#endif  // LEADGW_METRICS_ATOMIC_DOUBLE_H_
