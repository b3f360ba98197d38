// Test helpers: call a running HotProfile emulator over loopback the way a strict client
// does (every query name and value percent-encoded, brackets included) and parse answers.
#ifndef LEADGW_EMULATORS_HOTPROFILE_TEST_CLIENT_H_
#define LEADGW_EMULATORS_HOTPROFILE_TEST_CLIENT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "httplib.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::hotprofile::testing {

using Query = std::vector<std::pair<std::string, std::string>>;

// "name=value&..." with every byte outside [A-Za-z0-9-_.~] percent-encoded.
std::string EncodeQuery(const Query& query);

struct HttpResult {
  int status = 0;  // 0: transport failure
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;  // kNullType unless the body is a JSON object
};

class TestClient {
 public:
  TestClient(const std::string& base_url, std::string api_key);

  // POST /rest_api/v1/<endpoint>?api_key=...&<query> (no api_key when empty).
  HttpResult Post(const std::string& endpoint, const Query& query);

  // Like Post, with `form` sent as an application/x-www-form-urlencoded body.
  HttpResult PostForm(const std::string& endpoint, const Query& form);

  // Like Post, with `json` sent as an application/json body.
  HttpResult PostJson(const std::string& endpoint, const std::string& json);

  // Any method on a path that already carries its query string.
  HttpResult Call(const std::string& method, const std::string& path_and_query);

  // Creates and returns the id, failing the test on anything but 200.
  int64_t Create(const std::string& object, const Query& query);

  // Lists `object` ("leads", "clients", "business_cards") and returns the ids in order.
  std::vector<int64_t> ListIds(const std::string& object, const Query& query);

 private:
  HttpResult Send(const std::string& endpoint, const std::string& body,
                  const std::string& content_type);
  static HttpResult ToResult(httplib::Result result);

  httplib::Client client_;
  const std::string api_key_;
};

// A JST wall-clock time.
absl::Time JapanTime(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

}  // namespace leadgw::emulators::hotprofile::testing

#endif  // LEADGW_EMULATORS_HOTPROFILE_TEST_CLIENT_H_
