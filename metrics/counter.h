// A monotonically increasing value (requests served, errors seen).
#ifndef LEADGW_METRICS_COUNTER_H_
#define LEADGW_METRICS_COUNTER_H_

#include <atomic>
#include <cstdint>

#include "metrics/labels.h"
#include "metrics/snapshot.h"

namespace leadgw::metrics {

// All methods are thread-safe, lock-free and allocation-free. Whole-number increments go
// to an integer atomic (one fetch_add, exact up to 2^64); fractional increments go to a
// double updated by a compare-exchange loop. Value() adds the two; both parts only grow,
// so successive reads never decrease.
class Counter {
 public:
  static constexpr MetricType kType = MetricType::kCounter;

  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Adds 1.
  void Increment() { whole_.fetch_add(1, std::memory_order_relaxed); }

  // Adds `value`. A counter never goes down: negative values and NaN are ignored.
  void Increment(double value);

  // The current total.
  double Value() const;

  // Fills `out->value`; used by Family when the registry is collected.
  void Collect(SeriesSnapshot* out) const { out->value = Value(); }

 private:
  std::atomic<uint64_t> whole_{0};
  std::atomic<double> fraction_{0.0};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_COUNTER_H_
