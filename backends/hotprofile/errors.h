// HotProfile's HTTP error statuses as absl::Status with their vendor-neutral outcome
// (rate limited, auth, server or client error), in one table.
//
// Codes follow abseil's guide: UNAVAILABLE when the same call may be sent again (408,
// 5xx), RESOURCE_EXHAUSTED for the rate limit (429, with a retry-after hint),
// INVALID_ARGUMENT / PERMISSION_DENIED / NOT_FOUND / FAILED_PRECONDITION for what the
// caller must change. Every status is made by UpstreamError, so the HTTP status and
// HotProfile's message reach google.rpc.ErrorInfo.
#ifndef LEADGW_BACKENDS_HOTPROFILE_ERRORS_H_
#define LEADGW_BACKENDS_HOTPROFILE_ERRORS_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/http/http_client.h"
#include "upstream/settings.h"

namespace leadgw::backends::hotprofile {

// Backend name in statuses, messages and metric labels.
inline constexpr absl::string_view kBackendName = "hotprofile";

// What the stub knows when it maps an error.
struct ErrorContext {
  // Endpoint name of the call (backends/hotprofile/kind.cc), for the message.
  absl::string_view endpoint;
  // The connection's name: a 401 names it (never the key).
  absl::string_view connection;
  // The connection's limits: the 429 message, and its wait when Retry-After is absent.
  upstream::UpstreamLimits limits;
  // The current time, to read a Retry-After given as an HTTP date.
  absl::Time now = absl::UnixEpoch();
};

// A non-2xx answer: the status of the table with its outcome (upstream::SetHttpOutcome).
// `redact` removes the connection's secrets from upstream text before it enters a message.
absl::Status MapHttpError(const upstream::http::HttpResponse& response, const ErrorContext& context,
                          absl::FunctionRef<std::string(absl::string_view)> redact);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_ERRORS_H_
