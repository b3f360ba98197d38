#include "upstream/upstream_timeout.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace leadgw::upstream {

absl::StatusOr<absl::Duration> UpstreamTimeout(absl::Duration endpoint_timeout, absl::Time deadline,
                                               absl::Time now, absl::string_view endpoint) {
  const absl::Duration left = deadline - now;
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(
        absl::StrCat("no time left before the RPC deadline to call ", endpoint));
  }
  return std::min(endpoint_timeout, left);
}

}  // namespace leadgw::upstream
