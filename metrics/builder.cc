#include "metrics/builder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "prometheus/check_names.h"

namespace leadgw::metrics::metrics_internal {
namespace {

absl::Status InFamily(const std::string& name, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat("metric family '", name, "': ", status.message()));
}

// prometheus-cpp's checks, plus a message saying which rule applies. Names starting with
// "__" are reserved for Prometheus' internal labels; prometheus-cpp rejects them too, the
// explicit test gives the reason.
absl::Status CheckMetricName(const std::string& name) {
  if (name.empty() || !prometheus::CheckMetricName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid metric name '", name, "': must match [a-zA-Z_:][a-zA-Z0-9_:]* (not __*)"));
  }
  return absl::OkStatus();
}

absl::Status CheckLabelName(const std::string& name) {
  if (absl::StartsWith(name, "__")) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid label name '", name, "': names starting with __ are reserved"));
  }
  if (name.empty() || !prometheus::CheckLabelName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid label name '", name, "': must match [a-zA-Z_][a-zA-Z0-9_]*"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ValidateFamilyDefinition(
    const std::string& name, const std::string& help, const std::vector<std::string>& label_names,
    MetricType type, const std::optional<Histogram::BucketBoundaries>& buckets) {
  if (absl::Status status = CheckMetricName(name); !status.ok()) return status;
  if (help.empty()) {
    return InFamily(name, absl::InvalidArgumentError("help text is required"));
  }
  for (const std::string& label : label_names) {
    if (absl::Status status = CheckLabelName(label); !status.ok()) {
      return InFamily(name, status);
    }
    if (type == MetricType::Histogram && label == "le") {
      return InFamily(
          name, absl::InvalidArgumentError("label name 'le' is reserved for histogram buckets"));
    }
  }
  std::vector<std::string> sorted = label_names;
  std::sort(sorted.begin(), sorted.end());
  if (auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end()) {
    return InFamily(name, absl::InvalidArgumentError(
                              absl::StrCat("label name '", *dup, "' is declared twice")));
  }
  if (type == MetricType::Histogram) {
    if (!buckets.has_value()) {
      return InFamily(name, absl::InvalidArgumentError("histogram needs .Buckets(...), e.g. "
                                                       "Histogram::DefaultLatencyBuckets()"));
    }
    if (absl::Status status = Histogram::ValidateBuckets(*buckets); !status.ok()) {
      return InFamily(name, status);
    }
  }
  return sorted;
}

}  // namespace leadgw::metrics::metrics_internal
