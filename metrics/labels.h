// Label sets and the metric types a family can hold: prometheus-cpp's own, so families
// collect straight into prometheus::MetricFamily.
#ifndef LEADGW_METRICS_LABELS_H_
#define LEADGW_METRICS_LABELS_H_

#include "prometheus/labels.h"
#include "prometheus/metric_type.h"

namespace leadgw::metrics {

// Label name -> label value, a std::map: one canonical, sorted order, which is the series
// key inside a Family and the order in which labels are written to the exposition.
using Labels = prometheus::Labels;

// The Prometheus type written on a family's `# TYPE` line.
using MetricType = prometheus::MetricType;

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_LABELS_H_
