// A value that goes up and down (in-flight requests, tokens left, last refresh time):
// prometheus::Gauge. Thread-safe and lock-free (a std::atomic<double>).
#ifndef LEADGW_METRICS_GAUGE_H_
#define LEADGW_METRICS_GAUGE_H_

#include "prometheus/gauge.h"

namespace leadgw::metrics {

using Gauge = prometheus::Gauge;

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_GAUGE_H_
