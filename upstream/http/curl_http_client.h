// HttpClient over libcurl. The .cc file is the only file in the project that includes
// <curl/curl.h>; this header keeps curl's types out of every includer.
#ifndef LEADGW_UPSTREAM_HTTP_CURL_HTTP_CLIENT_H_
#define LEADGW_UPSTREAM_HTTP_CURL_HTTP_CLIENT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "upstream/http/http_client.h"

namespace leadgw::upstream::http {

struct CurlHttpClientOptions {
  // Idle easy handles kept for reuse. Each keeps its keep-alive connections, so this bounds
  // the idle upstream connections too. 0 disables reuse (every call connects anew).
  size_t max_pooled_handles = 64;
  // A keep-alive connection idle for longer is closed rather than reused. Below the idle
  // timeouts load balancers commonly apply (60 s and up), so a call rarely races the
  // server closing the connection it picked; curl's own default is 118 s.
  absl::Duration idle_connection_max_age = absl::Seconds(50);
  // TCP (+ TLS) connect timeout; never longer than the request's own timeout.
  absl::Duration connect_timeout = absl::Seconds(5);
  std::string user_agent = "lead-gateway/1";
};

// Sends requests with pooled curl easy handles so that keep-alive connections are reused
// across calls. Each call takes a handle from the pool (or creates one) and puts it back
// afterwards; concurrent calls use different handles. Options every call shares are set
// once per handle. A proxy named by the usual environment variables (http_proxy,
// https_proxy, all_proxy, or their upper-case forms) when the client is created is used;
// otherwise curl is told there is none, which spares it reading them on every transfer.
// Thread-safe.
class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  ~CurlHttpClient() override;

  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // See HttpClient::Send. Error mapping from CURLcode is documented there.
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request) override;

 private:
  class HandlePool;  // Defined in the .cc, where curl's types are visible.

  const CurlHttpClientOptions options_;
  const std::unique_ptr<HandlePool> pool_;
};

}  // namespace leadgw::upstream::http

#endif  // LEADGW_UPSTREAM_HTTP_CURL_HTTP_CLIENT_H_
