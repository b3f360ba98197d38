// Marketo's error codes and HTTP statuses as absl::Status with their vendor-neutral
// outcome (rate limited, quota exhausted, auth, server or client error), in one table.
//
// Codes follow abseil's guide: UNAVAILABLE when the same call may be sent
// again, RESOURCE_EXHAUSTED for the rate, concurrency and daily limits (with a retry-after
// hint), INVALID_ARGUMENT / NOT_FOUND / PERMISSION_DENIED for what the caller must change,
// INTERNAL for requests only a gateway bug can produce. Every status is made by
// UpstreamError, so the Marketo code and message reach google.rpc.ErrorInfo.
#ifndef LEADGW_BACKENDS_MARKETO_ERRORS_H_
#define LEADGW_BACKENDS_MARKETO_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::backends::marketo {

// Backend name in statuses, messages and metric labels.
inline constexpr absl::string_view kBackendName = "marketo";

// 601 (invalid) and 602 (expired): the access token must be replaced, then the call
// replayed once; nothing ran upstream.
bool IsTokenError(absl::string_view code);

// What the stub knows when it maps an error.
struct ErrorContext {
  // Endpoint name of the call (backends/marketo/kind.cc), for the message.
  absl::string_view endpoint;
  // Marketo's requestId of the answer ("" when none), kept in the message for support.
  absl::string_view request_id;
  // The current time, for the daily-quota reset (607).
  absl::Time now = absl::UnixEpoch();
};

// An API error of a success=false envelope (errors[0].code / .message). 1003 is
// FAILED_PRECONDITION when Marketo says too many results match a filter (the query must be
// narrowed: the same call fails again while the data stays as it is) and INVALID_ARGUMENT
// otherwise (invalid data in the request).
absl::Status MapApiError(absl::string_view code, absl::string_view message,
                         const ErrorContext& context);

// A non-2xx HTTP answer of the REST or identity endpoints.
absl::Status MapHttpStatus(int http_status, const ErrorContext& context);

// `status` with `code` and `message` instead of its own, keeping its payloads (the upstream
// code and message of google.rpc.ErrorInfo, the outcome, the retry hint): for callers that
// know better what a Marketo code means for their call.
absl::Status Restated(const absl::Status& status, absl::StatusCode code,
                      absl::string_view message);

// The next daily-quota reset: 00:00 US Central Standard Time (UTC-6, which Marketo names
// without following daylight saving), strictly after `now`.
absl::Time NextDailyQuotaReset(absl::Time now);

// Delay suggested after 615 (too many concurrent calls): calls usually finish in a second.
inline constexpr absl::Duration kConcurrencyRetryAfter = absl::Seconds(1);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_ERRORS_H_
