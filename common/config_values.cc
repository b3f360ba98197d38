#include "common/config_values.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace leadgw {

absl::Status ConfigKeyError(absl::string_view key, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": ", problem));
}

absl::Duration ToDuration(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

absl::StatusOr<absl::Duration> PositiveDuration(bool present,
                                                const google::protobuf::Duration& value,
                                                absl::Duration fallback, absl::Duration ceiling,
                                                absl::string_view key) {
  if (!present) return fallback;
  const absl::Duration d = ToDuration(value);
  if (d <= absl::ZeroDuration()) return ConfigKeyError(key, "must be positive");
  if (d > ceiling) {
    return ConfigKeyError(key, absl::StrCat("must be at most ", absl::FormatDuration(ceiling)));
  }
  return d;
}

absl::StatusOr<std::string> ResolveConfigUrl(absl::string_view url, absl::string_view key) {
  if (!absl::StartsWith(url, "http://") && !absl::StartsWith(url, "https://")) {
    return ConfigKeyError(key, "must start with http:// or https://");
  }
  if (absl::StrContains(url, "?") || absl::StrContains(url, "#")) {
    return ConfigKeyError(key, "must not contain a query string or fragment");
  }
  if (absl::StrContains(url, "@")) return ConfigKeyError(key, "must not contain credentials");
  std::string trimmed(url);
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed.size() <= std::string("https://").size()) return ConfigKeyError(key, "has no host");
  return trimmed;
}

}  // namespace leadgw
