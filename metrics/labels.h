// Label sets and the metric types a family can hold.
#ifndef LEADGW_METRICS_LABELS_H_
#define LEADGW_METRICS_LABELS_H_

#include <map>
#include <string>

namespace leadgw::metrics {

// Label name -> label value. A std::map (as in prometheus-cpp) so that a label set has
// one canonical, sorted order: it is the series key inside a Family and the order in which
// labels are written to the exposition.
using Labels = std::map<std::string, std::string>;

// The Prometheus type written on a family's `# TYPE` line.
enum class MetricType { kCounter, kGauge, kHistogram };

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_LABELS_H_
