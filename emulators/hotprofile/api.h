// The HotProfile REST surface without the transport: routes a request to one of the nine
// operations, checks the api_key and the rate limit, validates, calls the store and
// renders the answer. The HTTP server (hotprofile_emulator.h) adds counters and faults.
#ifndef LEADGW_EMULATORS_HOTPROFILE_API_H_
#define LEADGW_EMULATORS_HOTPROFILE_API_H_

#include <string>

#include "absl/strings/string_view.h"
#include "emulators/common/rolling_window_limiter.h"
#include "emulators/hotprofile/record.h"
#include "emulators/hotprofile/store.h"

namespace leadgw::emulators::hotprofile {

struct ApiRequest {
  std::string method;  // "POST", "GET", ...
  std::string path;    // without the query string
  Params params;       // decoded query parameters
  std::string content_type;
  std::string body;  // may carry more parameters, see body_params.h
};

struct ApiResponse {
  int status = 200;
  std::string body;             // JSON
  int retry_after_seconds = 0;  // > 0: send a Retry-After header (429)
  bool allow_post = false;      // true: send "Allow: POST" (405)
};

// The counter name of `path`: "leads/get_entry_list_flow", "clients/create", ... for the
// nine operations, "unknown" for anything else (a small fixed set, fit for labels).
std::string EndpointName(absl::string_view path);

// Thread-safe if `store` and `limiter` are (they are). Both must outlive this object.
class HotProfileApi {
 public:
  HotProfileApi(std::string api_key, HotProfileStore* store, common::RollingWindowLimiter* limiter);

  // Answers one request. Checks, in order: unknown path 404; method other than POST 405;
  // a malformed body 400 (body parameters are merged under the query's, see
  // body_params.h); api_key missing or wrong 401 (the key is never echoed); rate limit 429 with
  // Retry-After; then the operation: invalid parameters 400, update of a missing id 404,
  // unknown client_id 422, otherwise 200. Error bodies are
  // {"errors":[{"field":...,"message":...}]}.
  ApiResponse Handle(const ApiRequest& request) const;

 private:
  const std::string api_key_;
  HotProfileStore* const store_;
  common::RollingWindowLimiter* const limiter_;
};

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_API_H_
