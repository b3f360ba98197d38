// A value that goes up and down (in-flight requests, tokens left, last refresh time).
#ifndef LEADGW_METRICS_GAUGE_H_
#define LEADGW_METRICS_GAUGE_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "metrics/labels.h"
#include "metrics/snapshot.h"

namespace leadgw::metrics {

// All methods are thread-safe, lock-free and allocation-free (a std::atomic<double>;
// additions use a compare-exchange loop).
class Gauge {
 public:
  static constexpr MetricType kType = MetricType::kGauge;

  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  // Replaces the value.
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }

  // Adds 1, or `delta` (any sign).
  void Increment() { Increment(1.0); }
  void Increment(double delta);

  // Subtracts 1, or `delta`.
  void Decrement() { Increment(-1.0); }
  void Decrement(double delta) { Increment(-delta); }

  // Sets the value to `time` as seconds since the Unix epoch (fractional). Tests pass a
  // fixed time; production code calls SetToCurrentTime().
  void SetToTime(absl::Time time);
  void SetToCurrentTime() { SetToTime(absl::Now()); }

  // The current value.
  double Value() const { return value_.load(std::memory_order_relaxed); }

  // Fills `out->value`; used by Family when the registry is collected.
  void Collect(SeriesSnapshot* out) const { out->value = Value(); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_GAUGE_H_
