// A monotonically increasing value (requests served, errors seen): prometheus::Counter.
//
// Thread-safe and lock-free (a std::atomic<double> updated by compare-exchange).
// Increment(v) ignores negative v. Values are doubles: exact up to 2^53.
#ifndef LEADGW_METRICS_COUNTER_H_
#define LEADGW_METRICS_COUNTER_H_

#include "prometheus/counter.h"

namespace leadgw::metrics {

using Counter = prometheus::Counter;

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_COUNTER_H_
