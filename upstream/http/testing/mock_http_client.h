// gMock double of HttpClient for adapter unit tests: adapters take an HttpClient&, tests
// script the responses (or transport errors) and inspect the HttpRequest they built.
#ifndef LEADGW_UPSTREAM_HTTP_TESTING_MOCK_HTTP_CLIENT_H_
#define LEADGW_UPSTREAM_HTTP_TESTING_MOCK_HTTP_CLIENT_H_

#include "absl/status/statusor.h"
#include "upstream/http/http_client.h"
#include "gmock/gmock.h"

namespace leadgw::upstream::http::testing {

class MockHttpClient : public HttpClient {
 public:
  MOCK_METHOD(absl::StatusOr<HttpResponse>, Send, (const HttpRequest& request), (override));
};

}  // namespace leadgw::upstream::http::testing

#endif  // LEADGW_UPSTREAM_HTTP_TESTING_MOCK_HTTP_CLIENT_H_
