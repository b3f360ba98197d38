#include "metrics/builder.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "metrics/names.h"

namespace leadgw::metrics::metrics_internal {
namespace {

absl::Status InFamily(const std::string& name, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat("metric family '", name, "': ", status.message()));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ValidateFamilyDefinition(
    const std::string& name, const std::string& help, const std::vector<std::string>& label_names,
    MetricType type, const std::optional<Histogram::BucketBoundaries>& buckets) {
  if (absl::Status status = ValidateMetricName(name); !status.ok()) return status;
  if (help.empty()) {
    return InFamily(name, absl::InvalidArgumentError("help text is required"));
  }
  for (const std::string& label : label_names) {
    if (absl::Status status = ValidateLabelName(label); !status.ok()) {
      return InFamily(name, status);
    }
    if (type == MetricType::kHistogram && label == "le") {
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
  if (type == MetricType::kHistogram) {
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
