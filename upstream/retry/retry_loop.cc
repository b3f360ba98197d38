#include "upstream/retry/retry_loop.h"

namespace leadgw::upstream::retry {

absl::string_view RetryReasonName(RetryReason reason) {
  switch (reason) {
    case RetryReason::kRateLimited:
      return "rate_limited";
    case RetryReason::kServerError:
      return "server_error";
    case RetryReason::kTimeout:
      return "timeout";
    case RetryReason::kConnectionError:
      return "connection_error";
    case RetryReason::kAuthRefresh:
      return "auth_refresh";
  }
  return "unknown";
}

}  // namespace leadgw::upstream::retry
