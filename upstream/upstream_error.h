// How backends attach upstream facts to an absl::Status, and how the guard and the service
// read them.
//
// Payloads (absl::Status::SetPayload) carry the upstream's own code, the backend name and
// a retry-after hint, which the service turns into google.rpc.ErrorInfo / RetryInfo; and
// the vendor-neutral outcome of the answer with the upstream's own wait hint, which the
// guard (upstream/guard) reads to decide about retries, the breaker and the quota gate.
#ifndef LEADGW_UPSTREAM_UPSTREAM_ERROR_H_
#define LEADGW_UPSTREAM_UPSTREAM_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/outcome.h"

namespace leadgw::upstream {

// An error an upstream answered: `code` is the gRPC-side code the backend chose,
// `upstream_code` the upstream's own (a vendor error code or an HTTP status), `backend` the
// backend kind's name. The message reads "<backend> <upstream_code>: <message>".
absl::Status UpstreamError(absl::StatusCode code, absl::string_view backend,
                           absl::string_view upstream_code, absl::string_view message);

// Adds a retry-after hint (quota and rate limits).
void SetRetryAfter(absl::Status& status, absl::Duration delay);

// The upstream code of `status`, if an adapter set one.
std::optional<std::string> UpstreamCode(const absl::Status& status);

// The backend name of `status`, if an adapter set one.
std::optional<std::string> UpstreamBackend(const absl::Status& status);

// The retry-after hint of `status`, if any.
std::optional<absl::Duration> RetryAfter(const absl::Status& status);

// Records what the upstream's answer means, vendor-neutrally. `upstream_wait` is how long
// the upstream itself asked to wait before the same call (an HTTP Retry-After, a vendor's
// documented pause); zero when it said nothing. The caller-facing hint is SetRetryAfter's.
void SetOutcome(absl::Status& status, Outcome outcome,
                absl::Duration upstream_wait = absl::ZeroDuration());

// Whether `code` says the request itself is wrong (INVALID_ARGUMENT, NOT_FOUND,
// FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE): sending it again as it is fails
// alike, whatever the upstream's state.
bool RejectsTheRequest(absl::StatusCode code);

// The outcome a backend recorded, if any (transport errors carry none).
std::optional<Outcome> OutcomeOf(const absl::Status& status);

// The upstream's own wait hint recorded with the outcome; zero when none.
absl::Duration UpstreamWait(const absl::Status& status);

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_UPSTREAM_ERROR_H_
