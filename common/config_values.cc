#include "common/config_values.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace leadgw {

absl::Status ConfigKeyError(absl::string_view key, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": ", problem));
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
