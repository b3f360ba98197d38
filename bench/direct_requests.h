// The direct side of each scenario: the REST calls a caller without the gateway would
// make to the same emulator (same paths, parameters and bodies as the gateway's adapters
// send), and how their answers are checked. No curl here: see curl_driver.h.
#ifndef LEADGW_BENCH_DIRECT_REQUESTS_H_
#define LEADGW_BENCH_DIRECT_REQUESTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bench/open_loop.h"
#include "bench/workload.h"

namespace leadgw::bench {

// Outcomes (see open_loop.h) of the direct client, beside HTTP statuses (e.g. 500) and
// kOutcomeCurlBase + CURLcode.
inline constexpr int32_t kOutcomeEnvelopeError = 2;    // 200 but not a successful answer
inline constexpr int32_t kOutcomeDirectRecordFailed = 100;  // a record neither created nor updated
inline constexpr int32_t kOutcomeCurlBase = 1000;

struct HttpCall {
  bool post = false;
  std::string url;
  std::string body;  // POST only
};

enum class Upstream { kMarketo, kHotProfile };

struct DirectWorkload {
  Upstream upstream = Upstream::kMarketo;
  // Call i is calls[i % calls.size()]; never empty.
  std::vector<HttpCall> calls;
  // Extra request headers ("Name: value"), the same for every call.
  std::vector<std::string> headers;
  bool check_write_results = false;
};

struct DirectEndpoints {
  std::string marketo_url;      // "http://127.0.0.1:PORT", no trailing slash
  std::string marketo_token;    // access token from the identity endpoint
  std::string hotprofile_url;
  std::string hotprofile_api_key;
};

// The workload of `scenario` (INVALID_ARGUMENT for gateway-only scenarios such as health);
// upserted e-mails start with `tag`.
absl::StatusOr<DirectWorkload> MakeDirectWorkload(Scenario scenario,
                                                  const DirectEndpoints& endpoints,
                                                  const std::string& tag);

// The outcome of an answer with HTTP status `http_status` and body `body`: kOutcomeOk,
// the HTTP status when it is not 200, kOutcomeEnvelopeError, or
// kOutcomeDirectRecordFailed. The body is parsed, as a real caller must.
int32_t CheckDirectAnswer(const DirectWorkload& workload, int http_status, absl::string_view body);

// Report name of a direct-client outcome: "http_500", "curl_28", "envelope_error", ...
std::string DirectOutcomeName(int32_t outcome);

// The Marketo identity call (POST {marketo_url}/identity/oauth/token, credentials in a
// form body, as the gateway sends them).
HttpCall IdentityCall(absl::string_view marketo_url, absl::string_view client_id,
                      absl::string_view client_secret);

// access_token of an identity answer; INTERNAL when it has none.
absl::StatusOr<std::string> ParseAccessToken(absl::string_view body);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string PercentEncode(absl::string_view text);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_DIRECT_REQUESTS_H_
