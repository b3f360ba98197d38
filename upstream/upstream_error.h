// How adapters attach upstream facts to an absl::Status, and how the service reads them.
//
// Payloads (absl::Status::SetPayload) carry the upstream's own code, the backend name and
// a retry-after hint; the service turns them into google.rpc.ErrorInfo / RetryInfo.
#ifndef LEADGW_UPSTREAM_UPSTREAM_ERROR_H_
#define LEADGW_UPSTREAM_UPSTREAM_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::upstream {

// An error an upstream answered: `code` is the gRPC-side code the adapter chose,
// `upstream_code` the upstream's own ("606", "1003", "429"), `backend` "marketo" /
// "hotprofile". The message reads "<backend> <upstream_code>: <message>".
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

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_UPSTREAM_ERROR_H_
