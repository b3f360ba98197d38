// Prometheus text exposition format 0.0.4.
#ifndef LEADGW_METRICS_TEXT_SERIALIZER_H_
#define LEADGW_METRICS_TEXT_SERIALIZER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "metrics/snapshot.h"

namespace leadgw::metrics {

// The Content-Type of SerializeTextFormat()'s output.
inline constexpr absl::string_view kTextFormatContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Writes `families` in the given order (Registry::Collect() sorts them by name): per
// family a `# HELP` line (`\` and newline escaped), a `# TYPE` line, then its samples in
// the given order. Labels appear in name order; histogram series write cumulative
// `_bucket{...,le="<bound>"}` lines ending with `le="+Inf"`, then `_sum` and `_count`.
// A family without series writes only its HELP and TYPE lines. Pure function.
std::string SerializeTextFormat(const std::vector<FamilySnapshot>& families);

namespace metrics_internal {

// A sample value or `le` bound as Prometheus parses it: `NaN`, `+Inf`, `-Inf`; whole
// numbers below 2^63 in magnitude as plain integers ("3", not "3e+00"); anything else
// with the fewest digits that read back to the same double, in %g layout like Go's
// FormatFloat(v, 'g', -1) ("0.1", "0.0001", "1.5e-07", "1.2345675e+06", "1e+20").
std::string FormatValue(double value);

// `\` -> `\\`, `"` -> `\"`, newline -> `\n` (label values).
std::string EscapeLabelValue(absl::string_view value);

// `\` -> `\\`, newline -> `\n` (HELP text).
std::string EscapeHelp(absl::string_view help);

}  // namespace metrics_internal
}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_TEXT_SERIALIZER_H_
