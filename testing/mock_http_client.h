// gMock double of HttpClient for adapter unit tests: adapters take an HttpClient&, tests
// script the responses (or transport errors) and inspect the HttpRequest they built.
#ifndef LEADGW_TESTING_MOCK_HTTP_CLIENT_H_
#define LEADGW_TESTING_MOCK_HTTP_CLIENT_H_

#include "absl/status/statusor.h"
#include "upstream/http/http_client.h"
#include "gmock/gmock.h"

namespace leadgw::testing_util {

class MockHttpClient : public upstream::http::HttpClient {
 public:
  MOCK_METHOD(absl::StatusOr<upstream::http::HttpResponse>, Send, (const upstream::http::HttpRequest& request), (override));
};

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_MOCK_HTTP_CLIENT_H_
