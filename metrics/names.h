// Validation of metric and label names per the Prometheus data model.
#ifndef LEADGW_METRICS_NAMES_H_
#define LEADGW_METRICS_NAMES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace leadgw::metrics {

// OK if `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`; INVALID_ARGUMENT (naming the offending
// name) otherwise. Pure function, thread-safe.
absl::Status ValidateMetricName(absl::string_view name);

// OK if `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not start with `__` (reserved
// for Prometheus' internal labels); INVALID_ARGUMENT otherwise. Pure, thread-safe.
absl::Status ValidateLabelName(absl::string_view name);

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_NAMES_H_
