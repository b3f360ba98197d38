#include "backends/hotprofile/hotprofile_backend_factory.h"

#include <memory>

#include "backends/hotprofile/backend_test_util.h"
#include "backends/hotprofile/settings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/mock_http_client.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::hotprofile {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

std::shared_ptr<upstream::http::HttpClient> Client() {
  return std::make_shared<testing_util::MockHttpClient>();
}

TEST(HotProfileBackendFactoryTest, BuildsFromCompleteSettings) {
  EXPECT_THAT(CreateHotProfileBackend(testing::TestSettings(), Client()), IsOk());
}

TEST(HotProfileBackendFactoryTest, NamesTheMissingSetting) {
  ConnectionSettings no_url = testing::TestSettings();
  no_url.base_url.clear();
  EXPECT_THAT(CreateHotProfileBackend(no_url, Client()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("connection 'hp-test': base_url is required")));
  ConnectionSettings no_key = testing::TestSettings();
  no_key.vendor = HotProfileSettings{};
  EXPECT_THAT(CreateHotProfileBackend(no_key, Client()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("hotprofile.api_key")));
  ConnectionSettings no_part = testing::TestSettings();
  no_part.vendor.reset();
  EXPECT_THAT(CreateHotProfileBackend(no_part, Client()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("hotprofile.api_key")));
  EXPECT_THAT(CreateHotProfileBackend(testing::TestSettings(), nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no HTTP client")));
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
