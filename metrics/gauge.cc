#include "metrics/gauge.h"

#include "metrics/atomic_double.h"

namespace leadgw::metrics {

void Gauge::Increment(double delta) { metrics_internal::AtomicAdd(value_, delta); }

void Gauge::SetToTime(absl::Time time) { Set(absl::ToDoubleSeconds(time - absl::UnixEpoch())); }

}  // namespace leadgw::metrics
