// Reading an HTTP Retry-After header (RFC 9110 section 10.2.3).
#ifndef LEADGW_UPSTREAM_HTTP_RETRY_AFTER_H_
#define LEADGW_UPSTREAM_HTTP_RETRY_AFTER_H_

#include <optional>

#include "absl/time/time.h"
#include "upstream/http/http_client.h"

namespace leadgw::upstream::http {

// The delay `response`'s Retry-After asks for, as delta-seconds or an HTTP-date relative
// to `now`; nullopt when absent or unreadable. Never negative.
std::optional<absl::Duration> ParseRetryAfter(const HttpResponse& response, absl::Time now);

}  // namespace leadgw::upstream::http

#endif  // LEADGW_UPSTREAM_HTTP_RETRY_AFTER_H_
