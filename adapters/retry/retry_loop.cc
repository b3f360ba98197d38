#include "adapters/retry/retry_loop.h"

namespace leadgw::adapters::retry {

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

}  // namespace leadgw::adapters::retry
