#include "upstream/guard/outcome.h"

namespace leadgw::upstream {

absl::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kRateLimited:
      return "rate_limited";
    case Outcome::kQuotaExhausted:
      return "quota_exhausted";
    case Outcome::kAuthError:
      return "auth_error";
    case Outcome::kClientError:
      return "client_error";
    case Outcome::kServerError:
      return "server_error";
    case Outcome::kTimeout:
      return "timeout";
    case Outcome::kConnectionError:
      return "connection_error";
    case Outcome::kCircuitOpen:
      return "circuit_open";
    case Outcome::kNoCapacity:
      return "no_capacity";
  }
  return "unknown";
}

}  // namespace leadgw::upstream
