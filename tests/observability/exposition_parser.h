// A strict reader of Prometheus text exposition 0.0.4, for tests that hold a /metrics
// scrape to docs/metrics.md. It is independent of metrics/ on purpose: a bug in the
// gateway's serializer must not be mirrored by the code that checks it.
#ifndef LEADGW_TESTS_OBSERVABILITY_EXPOSITION_PARSER_H_
#define LEADGW_TESTS_OBSERVABILITY_EXPOSITION_PARSER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::testing::observability {

// One sample line: `name{label="value",...} value`.
struct Sample {
  std::string name;                           // e.g. "leadgw_quota_wait_seconds_bucket"
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

// One family: its HELP and TYPE lines and the samples that follow them.
struct ScrapedFamily {
  std::string help;  // unescaped; empty when the family had no HELP line
  bool has_help = false;
  std::string type;  // "counter", "gauge", "histogram", ... ("untyped" without TYPE)
  std::vector<Sample> samples;
};

// Families by name. A sample belongs to the family announced by the closest preceding
// HELP/TYPE line whose name it equals, or extends with _bucket/_sum/_count (histograms).
//
// INVALID_ARGUMENT naming the line number for anything the format does not allow: a
// malformed label set or value, a sample outside its family, two TYPE lines for one
// family, a duplicate series.
absl::StatusOr<std::map<std::string, ScrapedFamily>> ParseExposition(absl::string_view text);

// The label names of `sample` that belong to its family (`le` of histogram buckets
// excluded), sorted.
std::vector<std::string> FamilyLabelNames(const Sample& sample);

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_EXPOSITION_PARSER_H_
