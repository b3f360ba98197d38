// The fleet's Redis round trips as metrics: how long each kind took and how many failed
// (RedisOptions::on_command), so that a slow or flapping Redis shows before the gate
// degrades.
//
//   leadgw_coordination_duration_seconds{op}   histogram
//   leadgw_coordination_errors_total{op}       counter
//
// `op` is a script's name (window_admit, window_close, window_rate_limited, key_unlock,
// idempotency_begin, ...) or a plain command's (set, zrem): a fixed, small set.
#ifndef LEADGW_UPSTREAM_COORD_COORDINATION_METRICS_H_
#define LEADGW_UPSTREAM_COORD_COORDINATION_METRICS_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/counter.h"
#include "metrics/family.h"
#include "metrics/histogram.h"
#include "metrics/registry.h"

namespace leadgw::upstream::coord {

// Thread-safe.
class CoordinationMetrics {
 public:
  // Registers the families in `registry`, which must outlive this object.
  explicit CoordinationMetrics(metrics::Registry& registry);

  // One command (the RedisOptions::on_command signature).
  void Record(absl::string_view op, absl::Duration took, bool failed);

 private:
  metrics::Family<metrics::Histogram>& duration_;
  metrics::Family<metrics::Counter>& errors_;
};

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_COORDINATION_METRICS_H_
