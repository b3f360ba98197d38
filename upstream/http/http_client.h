// The one HTTP interface the backends use. A backend builds an HttpRequest, sends it
// through an injected HttpClient (inside an attempt of its connection's guard, which sets
// the attempt's timeout) and maps the HttpResponse itself, so it can be unit-tested with
// MockHttpClient and never sees the transport library.
#ifndef LEADGW_UPSTREAM_HTTP_HTTP_CLIENT_H_
#define LEADGW_UPSTREAM_HTTP_HTTP_CLIENT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cancellation.h"

namespace leadgw::upstream::http {

// DELETE is sent without a body: an API that deletes by DELETE takes its ids in the query.
enum class HttpMethod { kGet, kPost, kDelete };

// "GET" / "POST" / "DELETE", for messages and metric labels.
inline absl::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kDelete:
      return "DELETE";
  }
  return "UNKNOWN";
}

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  // Absolute http(s) URL with the query string already encoded (see url.h). It may carry
  // secrets (an API key in the query): implementations never put the query in a message.
  std::string url;
  // Sent in order. Names and values must not contain CR or LF. An empty value sends the
  // header with no value.
  std::vector<std::pair<std::string, std::string>> headers;
  // Sent for POST only. Without a Content-Type header a POST body is labelled
  // application/x-www-form-urlencoded.
  std::string body;
  // Whole-call timeout (connect + send + wait + read). Non-positive: the call is not made
  // and DEADLINE_EXCEEDED is returned. absl::InfiniteDuration(): no whole-call timeout.
  absl::Duration timeout = absl::Seconds(30);
  // Cap on the decoded (e.g. gunzipped) response body; exceeding it aborts the transfer.
  size_t max_response_bytes = size_t{16} << 20;
  // When it says the caller has gone, the transfer is aborted (CANCELLED). Null: never.
  // Not owned; must outlive Send().
  const Cancellation* cancellation = nullptr;
};

struct HttpResponse {
  int status_code = 0;
  // In the order received; names lower-cased, values trimmed. Repeated headers (e.g.
  // set-cookie) appear once per occurrence.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Value of the first header named `name` (compared case-insensitively), if any.
  std::optional<std::string> Header(absl::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (absl::EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
  }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Sends one request and reads the whole response. An HTTP 4xx/5xx is a successful
  // transport result: the caller maps status codes. Only transport failures are errors:
  //   DEADLINE_EXCEEDED   request.timeout elapsed (or was non-positive);
  //   UNAVAILABLE         could not connect/resolve, connection reset, empty or truncated
  //                       reply, TLS handshake failure: the same call may be retried
  //                       (for non-idempotent requests see RequestWasNotSent());
  //   INVALID_ARGUMENT    malformed URL, unsupported scheme, CR/LF in a header;
  //   RESOURCE_EXHAUSTED  the response body exceeded request.max_response_bytes;
  //   FAILED_PRECONDITION the peer's TLS certificate could not be verified;
  //   CANCELLED           request.cancellation said the caller has gone: nothing sent
  //                       (RequestWasNotSent) or the transfer aborted;
  //   UNKNOWN / INTERNAL  anything else.
  // Error messages name the method and the URL without its query string, never secrets.
  // No retries and no redirects are followed here. Thread-safe.
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request) = 0;
};

// Status payload type URL set on transport errors that prove no byte of the request
// reached the server (DNS failure, connection refused, non-positive timeout), so even a
// non-idempotent request can be retried safely.
inline constexpr absl::string_view kRequestNotSentPayloadUrl =
    "type.leadgw.dev/http.RequestNotSent";

// True when `status` carries the kRequestNotSentPayloadUrl payload.
inline bool RequestWasNotSent(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kRequestNotSentPayloadUrl).has_value();
}

}  // namespace leadgw::upstream::http

#endif  // LEADGW_UPSTREAM_HTTP_HTTP_CLIENT_H_
