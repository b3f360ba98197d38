#include "metrics/family.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace leadgw::metrics {
namespace metrics_internal {

void DieWithStatus(const absl::Status& status) {
  std::fprintf(stderr, "leadgw metrics: %s\n", status.ToString().c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace metrics_internal

FamilyBase::FamilyBase(std::string name, std::string help, MetricType type,
                       std::vector<std::string> sorted_label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      escaped_help_(absl::StrReplaceAll(help_, {{"\\", "\\\\"}, {"\n", "\\n"}})),
      type_(type),
      label_names_(std::move(sorted_label_names)) {}

absl::Status FamilyBase::CheckLabelNames(const Labels& labels) const {
  bool match = labels.size() == label_names_.size();
  if (match) {
    auto expected = label_names_.begin();
    for (const auto& [label_name, value] : labels) {
      if (label_name != *expected++) {
        match = false;
        break;
      }
    }
  }
  if (match) return absl::OkStatus();
  std::vector<std::string> given;
  given.reserve(labels.size());
  for (const auto& [label_name, value] : labels) given.push_back(label_name);
  return absl::InvalidArgumentError(absl::StrCat(
      "metric family '", name_, "': label names {", absl::StrJoin(given, ", "),
      "} do not match the declared label names {", absl::StrJoin(label_names_, ", "), "}"));
}

}  // namespace leadgw::metrics
