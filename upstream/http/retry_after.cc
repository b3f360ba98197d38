#include "upstream/http/retry_after.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"

namespace leadgw::upstream::http {

std::optional<absl::Duration> ParseRetryAfter(const HttpResponse& response, absl::Time now) {
  std::optional<std::string> header = response.Header("retry-after");
  if (!header.has_value()) return std::nullopt;
  int64_t seconds = 0;
  if (absl::SimpleAtoi(*header, &seconds)) {
    if (seconds < 0) return std::nullopt;
    return absl::Seconds(seconds);
  }
  absl::Time when;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", *header, absl::UTCTimeZone(), &when, &error)) {
    return std::max(absl::ZeroDuration(), when - now);
  }
  return std::nullopt;
}

}  // namespace leadgw::upstream::http
