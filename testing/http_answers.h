// Canned upstream answers for tests that script an HttpClient (MockHttpClient): an HTTP
// status and a body, as the transport would return them.
#ifndef LEADGW_TESTING_HTTP_ANSWERS_H_
#define LEADGW_TESTING_HTTP_ANSWERS_H_

#include <string>
#include <utility>

#include "upstream/http/http_client.h"

namespace leadgw::testing_util {

// An HttpResponse with `status` and `body` and no headers. A 4xx/5xx is still a transport
// success, exactly as HttpClient::Send reports it.
inline upstream::http::HttpResponse HttpAnswer(int status, std::string body) {
  upstream::http::HttpResponse response;
  response.status_code = status;
  response.body = std::move(body);
  return response;
}

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_HTTP_ANSWERS_H_
