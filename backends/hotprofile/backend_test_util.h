// Helpers shared by the HotProfileBackend unit tests (MockHttpClient scripting).
#ifndef LEADGW_BACKENDS_HOTPROFILE_BACKEND_TEST_UTIL_H_
#define LEADGW_BACKENDS_HOTPROFILE_BACKEND_TEST_UTIL_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "backends/hotprofile/hotprofile_backend.h"
#include "backends/hotprofile/settings.h"
#include "testing/http_answers.h"
#include "testing/mock_http_client.h"
#include "testing/test_context.h"
#include "gmock/gmock.h"

namespace leadgw::backends::hotprofile::testing {

inline ConnectionSettings TestSettings() {
  ConnectionSettings settings;
  settings.name = "hp-test";
  settings.kind = ::leadgateway::v1::BACKEND_KIND_HOTPROFILE;
  settings.base_url = "http://127.0.0.1:9";
  settings.vendor = HotProfileSettings{Secret("test-key")};
  settings.limits.window = absl::Seconds(60);
  return settings;
}

// Matches an HttpRequest whose URL path (before '?') ends with `suffix`, e.g.
// "/business_cards/create".
MATCHER_P(ToPath, suffix, "") {
  const std::string path = arg.url.substr(0, arg.url.find('?'));
  return absl::EndsWith(path, suffix);
}

// Matches an HttpRequest whose URL or body contains `text` (percent-encoded).
MATCHER_P(Sends, text, "") {
  return absl::StrContains(arg.url, text) || absl::StrContains(arg.body, text);
}

// A page answer of `plural` with the given items JSON ("{...},{...}").
inline std::string Page(const std::string& plural, const std::string& items, int current,
                        int display, int total_count) {
  const int pages = display == 0 ? 0 : (total_count + display - 1) / display;
  return "{\"" + plural + "\": [" + items +
         "], \"pages\": {\"current_number\": " + std::to_string(current) +
         ", \"display_number\": " + std::to_string(display) +
         ", \"total_count\": " + std::to_string(total_count) +
         ", \"total_number\": " + std::to_string(pages) + "}}";
}

class BackendTest : public ::testing::Test {
 protected:
  BackendTest()
      : client_(std::make_shared<::testing::StrictMock<testing_util::MockHttpClient>>()),
        backend_(TestSettings(), client_) {}

  std::shared_ptr<::testing::StrictMock<testing_util::MockHttpClient>> client_;
  HotProfileBackend backend_;
};

}  // namespace leadgw::backends::hotprofile::testing

#endif  // LEADGW_BACKENDS_HOTPROFILE_BACKEND_TEST_UTIL_H_
