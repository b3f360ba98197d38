#include "metrics/names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace leadgw::metrics {
namespace {

// `allow_colon`: colons are legal in metric names (recording rules) but not in labels.
bool IsValidName(absl::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
                    (allow_colon && c == ':') ||
                    (i > 0 && absl::ascii_isdigit(static_cast<unsigned char>(c)));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateMetricName(absl::string_view name) {
  if (!IsValidName(name, /*allow_colon=*/true)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid metric name '", name, "': must match [a-zA-Z_:][a-zA-Z0-9_:]*"));
  }
  return absl::OkStatus();
}

absl::Status ValidateLabelName(absl::string_view name) {
  if (!IsValidName(name, /*allow_colon=*/false)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid label name '", name, "': must match [a-zA-Z_][a-zA-Z0-9_]*"));
  }
  if (absl::StartsWith(name, "__")) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid label name '", name, "': names starting with __ are reserved"));
  }
  return absl::OkStatus();
}

}  // namespace leadgw::metrics
