// HotProfileRestStub: sends one HotProfileCall and maps the answer to a status.
//
// Every operation is a POST to {base_url}/rest_api/v1/...; the api_key and the parameters
// travel in the query string, as the connector documents. A URL longer than kMaxUrlBytes
// would be refused by servers that cap the request line at 8 KB (the emulator answers 414),
// and a 3,000-character Japanese note is ~27 KB percent-encoded, so then the parameters
// (never the key) move to an application/x-www-form-urlencoded body. The connector shows
// only query parameters; HotProfile's bracket names are Rails conventions, which merge
// form-body parameters into the same set, and the emulator accepts both.
//
// Status mapping (every upstream answer via upstream::UpstreamError(code, "hotprofile", "<HTTP>")):
// 2xx -> the body; 400 INVALID_ARGUMENT with HotProfile's field messages; 401
// UNAUTHENTICATED "hotprofile rejected the API key ..." (never the key); 403
// PERMISSION_DENIED; 404 NOT_FOUND; 422 FAILED_PRECONDITION; 429 RESOURCE_EXHAUSTED with a
// retry-after hint from Retry-After (seconds or HTTP date; the connection's rate window
// when absent); 408 and 5xx UNAVAILABLE; anything else FAILED_PRECONDITION. Transport
// errors keep their code (and payloads such as RequestNotSent) and gain the endpoint name.
// No URL with the api_key ever reaches a status: the transport names URLs without their
// query, and any upstream text echoing the key is redacted.
//
// No retries here (one retry layer, in the guard: docs/adr/0002-where-retries-sit.md).
// Thread-safe.
#ifndef LEADGW_BACKENDS_HOTPROFILE_REST_STUB_H_
#define LEADGW_BACKENDS_HOTPROFILE_REST_STUB_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "common/secret.h"
#include "backends/hotprofile/requests.h"
#include "backends/lead_backend.h"
#include "upstream/guard/call_guard.h"
#include "upstream/http/http_client.h"

namespace leadgw::backends::hotprofile {

class HotProfileRestStub {
 public:
  using Clock = std::function<absl::Time()>;

  // Longest URL sent; longer parameter sets go in a form body.
  static constexpr size_t kMaxUrlBytes = 8000;

  // `settings` gives base_url, the api_key (its HotProfileSettings part) and the default
  // retry hint. `guard` governs every send (null: upstream::DirectCalls, one attempt, for
  // tests).
  HotProfileRestStub(ConnectionSettings settings,
                     std::shared_ptr<upstream::http::HttpClient> client,
                     std::shared_ptr<upstream::CallGuard> guard = nullptr, Clock clock = absl::Now);

  // Sends `call` as attempts of the guard, each with the guard's timeout (min(endpoint
  // timeout, ctx.deadline - now); DEADLINE_EXCEEDED without sending when nothing is
  // left), and returns the body of a 2xx answer, or the mapped error described above.
  absl::StatusOr<std::string> Call(const HotProfileCall& call, const CallContext& ctx) const;

  const ConnectionSettings& settings() const { return settings_; }

 private:
  // One attempt: send with the attempt's timeout (aborted if the caller goes away), then
  // read the answer through the error table.
  absl::StatusOr<std::string> Send(const HotProfileCall& call,
                                   const upstream::Attempt& attempt) const;
  std::string Redact(absl::string_view text) const;

  const ConnectionSettings settings_;
  const Secret api_key_;
  const std::shared_ptr<upstream::http::HttpClient> client_;
  const std::shared_ptr<upstream::CallGuard> guard_;
  const Clock clock_;
};

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_REST_STUB_H_
