// Reads the metric contract out of docs/metrics.md: every row of its family tables
// (`| family | type | labels | meaning |`).
#ifndef LEADGW_TESTS_OBSERVABILITY_METRICS_DOC_H_
#define LEADGW_TESTS_OBSERVABILITY_METRICS_DOC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::testing::observability {

struct DocumentedFamily {
  std::string name;                 // "leadgw_upstream_requests_total"
  std::string type;                 // first word of the type column: "counter", "gauge", ...
  std::vector<std::string> labels;  // sorted label names; empty for none
};

// The families of every table whose header row is `| family | type | labels | ... |`, in
// document order. INVALID_ARGUMENT naming the row for a row with fewer columns, a name
// that is not in backticks, a family listed twice, or no family table at all.
absl::StatusOr<std::vector<DocumentedFamily>> ParseMetricsDoc(absl::string_view markdown);

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_METRICS_DOC_H_
