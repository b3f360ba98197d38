// CallGuard: the one place an upstream call of a connection is governed. A backend
// describes the call vendor-neutrally (CallSpec) and hands the guard one attempt as a
// function: build the HTTP request, send it with the attempt's timeout, map the answer to
// a StatusOr through the vendor's error table (which attaches the vendor-neutral outcome,
// upstream/upstream_error.h). The guard decides everything else from the returned status:
// whether and when to retry, what the breaker and the quota gate learn, what metrics say.
// It never parses a vendor's answer (docs/adr/ on where retries sit).
#ifndef LEADGW_UPSTREAM_GUARD_CALL_GUARD_H_
#define LEADGW_UPSTREAM_GUARD_CALL_GUARD_H_

#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cancellation.h"
#include "upstream/http/request_priority.h"

namespace leadgw::upstream {

// One upstream call as the guard sees it: no URL, no body, no vendor.
struct CallSpec {
  // Endpoint name of the backend kind's table ("sync_leads", "identity"): picks the
  // timeout and is a metric label, so always from that bounded set, never a URL.
  absl::string_view endpoint;
  // The RPC's deadline: waits for capacity, retries and backoff all end before it.
  absl::Time deadline = absl::InfiniteFuture();
  http::RequestPriority priority = http::RequestPriority::kInteractive;
  // The caller's index in UpstreamSettings::callers: its fair share of capacity while
  // callers wait, and its label in the quota metrics (0: no configured caller).
  int caller_share = 0;
  // Whether sending the call twice has the effect of sending it once. A non-idempotent
  // call is retried only when the upstream provably did not process it.
  bool idempotent = true;
  // True for the replay a backend sends after the upstream rejected its access token: it
  // counts as a retry (reason auth_refresh), not as a new call.
  bool auth_replay = false;
  // The RPC's correlation id, for upstream-call log lines.
  absl::string_view request_id;
  // The caller's cancellation (null: none); must outlive the call. A cancelled call is
  // not admitted, not sent, and aborted in transfer: CANCELLED.
  const Cancellation* cancellation = nullptr;
};

// What one attempt may use.
struct Attempt {
  int number = 1;  // 1-based
  // The whole-call timeout of this attempt's HTTP request: min(endpoint timeout,
  // deadline - now), computed once by the guard (upstream_timeout.h).
  absl::Duration timeout = absl::Seconds(30);
  // The caller's cancellation for the transfer (HttpRequest::cancellation); may be null.
  const Cancellation* cancellation = nullptr;
};

class CallGuard {
 public:
  virtual ~CallGuard() = default;

  // Runs `attempt` one or more times and returns the status of the last attempt it ran,
  // or the guard's own refusal when the last try was not sent: DEADLINE_EXCEEDED when the
  // deadline left no time, and for governing guards UNAVAILABLE "circuit open" or
  // RESOURCE_EXHAUSTED "no upstream capacity" (both with a retry-after hint, nothing
  // sent). Thread-safe.
  virtual absl::Status Run(const CallSpec& spec,
                           absl::FunctionRef<absl::Status(const Attempt&)> attempt) = 0;

  // The mean spacing between calls the connection's rate limit allows (zero: no limit).
  // Callers that choose when to send, like coalesced writes, pace themselves by it.
  virtual absl::Duration CallSpacing() const { return absl::ZeroDuration(); }

  // Run() for an attempt that produces a value: the last attempt's StatusOr, or the
  // guard's refusal. T cannot be deduced through absl::FunctionRef: write Call<T>(...).
  template <typename T>
  absl::StatusOr<T> Call(const CallSpec& spec,
                         absl::FunctionRef<absl::StatusOr<T>(const Attempt&)> attempt) {
    std::optional<absl::StatusOr<T>> last;
    absl::Status status = Run(spec, [&](const Attempt& a) {
      last.emplace(attempt(a));
      return last->status();
    });
    // A refusal after a failed attempt differs from that attempt's status.
    if (last.has_value() && last->status() == status) return *std::move(last);
    return status;
  }
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_CALL_GUARD_H_
