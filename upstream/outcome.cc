#include "upstream/outcome.h"

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

Outcome OutcomeForHttpStatus(int http_status) {
  if (http_status >= 200 && http_status <= 299) return Outcome::kOk;
  if (http_status == 429) return Outcome::kRateLimited;
  if (http_status == 401 || http_status == 403) return Outcome::kAuthError;
  if (http_status == 408 || (http_status >= 500 && http_status <= 599)) {
    return Outcome::kServerError;
  }
  return Outcome::kClientError;
}

}  // namespace leadgw::upstream
