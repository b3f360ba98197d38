// MarketoRestStub: sends one Marketo REST call and returns its envelope or a mapped error.
//
// It owns what every call shares: the bearer token (with one refresh-and-replay on
// 601/602, which Marketo answers before running anything), GETs too long for a URL sent
// as POST + `_method=GET` with a form body, the defensive envelope read (once per answer),
// and the error table of errors.h. Each send is an attempt of the connection's
// CallGuard, which sets its timeout and decides about retries from the mapped status.
#ifndef LEADGW_BACKENDS_MARKETO_REST_STUB_H_
#define LEADGW_BACKENDS_MARKETO_REST_STUB_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "backends/lead_backend.h"
#include "backends/marketo/envelope.h"
#include "backends/marketo/token_provider.h"
#include "upstream/guard/call_guard.h"
#include "upstream/http/http_client.h"

namespace leadgw::backends::marketo {

// Longest request target (path + "?" + query) sent as a GET. Marketo answers 414 above
// 8 KB for the whole request line; the margin covers the method, the version and
// intermediaries that count differently.
inline constexpr size_t kMaxGetTargetBytes = 7 * 1024;

// One REST call, before authentication.
struct MarketoCall {
  upstream::http::HttpMethod method = upstream::http::HttpMethod::kGet;
  // Endpoint name of backends/marketo/kind.cc ("sync_leads"): picks the timeout and
  // names the call in errors.
  std::string endpoint;
  // Path under the base URL, segments already URL-encoded: "/rest/v1/leads.json".
  std::string path;
  // Query parameters (encoded by the stub), in order.
  std::vector<std::pair<std::string, std::string>> query;
  // JSON body of a POST; empty for none.
  std::string json_body;
  // False for calls whose repeat has another effect than one run (creates, push, form
  // fill-outs, deletes, merges): retried only when Marketo provably did not process them.
  bool idempotent = true;
};

class MarketoRestStub {
 public:
  // `settings` gives base_url and the rate window; `tokens` must outlive calls. `guard`
  // governs every send (null: upstream::DirectCalls, one attempt, for tests). `now` is the
  // clock for the daily-quota hint (tests inject one).
  MarketoRestStub(
      const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
      std::shared_ptr<TokenProvider> tokens, std::shared_ptr<upstream::CallGuard> guard = nullptr,
      std::function<absl::Time()> now = [] { return absl::Now(); });

  // Sends `call`, returning the envelope of a success=true answer. Errors:
  // - transport: the HttpClient's code (UNAVAILABLE, DEADLINE_EXCEEDED, ...) with its
  //   payloads (RequestWasNotSent) kept, message prefixed "marketo <endpoint>: ";
  // - the guard's refusals (circuit open, no capacity; see CallGuard::Run);
  // - HTTP non-2xx and Marketo error codes: MapHttpStatus / MapApiError;
  // - a 2xx answer that is not a readable envelope: INTERNAL;
  // - DEADLINE_EXCEEDED without sending when `deadline` has passed;
  // - token errors of TokenProvider::GetToken.
  // Thread-safe.
  // `ctx` gives the deadline and the priority the call waits for capacity with.
  absl::StatusOr<Envelope> Call(const MarketoCall& call, const CallContext& ctx);

  // Call() at interactive priority.
  absl::StatusOr<Envelope> Call(const MarketoCall& call, absl::Time deadline) {
    CallContext ctx;
    ctx.deadline = deadline;
    return Call(call, ctx);
  }

 private:
  // The HTTP request for `call` with `token` (GET, or POST _method=GET when too long).
  upstream::http::HttpRequest BuildRequest(const MarketoCall& call, const Secret& token,
                                           absl::Duration timeout) const;
  // One attempt: send with the attempt's timeout (aborted if the caller goes away), then
  // read the answer through the error table.
  absl::StatusOr<Envelope> Send(const MarketoCall& call, const Secret& token,
                                const upstream::Attempt& attempt) const;

  const std::string base_url_;
  const ConnectionSettings settings_;
  const std::shared_ptr<upstream::http::HttpClient> http_;
  const std::shared_ptr<TokenProvider> tokens_;
  const std::shared_ptr<upstream::CallGuard> guard_;
  const std::function<absl::Time()> now_;
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_REST_STUB_H_
