// Plain-data snapshots of metric families, taken by Registry::Collect() and written out by
// the text serializer. Decoupling the two keeps the serializer testable on hand-built data
// and keeps atomics out of the formatting code.
#ifndef LEADGW_METRICS_SNAPSHOT_H_
#define LEADGW_METRICS_SNAPSHOT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "metrics/labels.h"

namespace leadgw::metrics {

// One histogram series. `cumulative_counts` has one entry per upper bound plus a last
// entry for the implicit +Inf bucket, so cumulative_counts.back() == count.
struct HistogramSnapshot {
  std::vector<double> upper_bounds;
  std::vector<uint64_t> cumulative_counts;
  double sum = 0;
  uint64_t count = 0;
};

// One series: its labels and, depending on the family type, `value` (counter, gauge) or
// `histogram`.
struct SeriesSnapshot {
  Labels labels;
  double value = 0;
  HistogramSnapshot histogram;
};

// One family with its series in exposition order (sorted by label values).
struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kCounter;
  std::vector<SeriesSnapshot> series;
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_SNAPSHOT_H_
