#include "backends/hotprofile/config.h"

#include <string>

#include "backends/hotprofile/settings.h"
#include "common/fake_secret_readers.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace leadgw::backends::hotprofile {
namespace {

using ::leadgateway::config::v1::ConnectionConfig;
using ::testing::HasSubstr;
using ::testing::Not;

// The HotProfile part ReadHotProfileConfig stored, or its error.
absl::StatusOr<HotProfileSettings> Read(const std::string& text) {
  ConnectionConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  ConnectionSettings out;
  SecretReaders readers = FakeSecretReaders({{"HP_KEY", "hp-secret-key"}}, {});
  absl::Status status = ReadHotProfileConfig(config, "connections[0]", readers, &out);
  if (!status.ok()) return status;
  const HotProfileSettings* hotprofile = VendorPart<HotProfileSettings>(out);
  if (hotprofile == nullptr) return absl::InternalError("no HotProfileSettings in out.vendor");
  return *hotprofile;
}

TEST(HotProfileConfigTest, ReadsTheApiKey) {
  absl::StatusOr<HotProfileSettings> out = Read(R"pb(hotprofile { api_key { env: "HP_KEY" } })pb");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->api_key.expose(), "hp-secret-key");
}

TEST(HotProfileConfigTest, ErrorsNameTheKey) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"", "connections[0].hotprofile: required for backend hotprofile"},
           Case{"hotprofile {}", "connections[0].hotprofile.api_key: required"},
           Case{R"pb(hotprofile { api_key { env: "NOT_SET" } })pb",
                "connections[0].hotprofile.api_key.env: environment variable NOT_SET"},
       }) {
    absl::StatusOr<HotProfileSettings> out = Read(c.text);
    ASSERT_FALSE(out.ok()) << c.message;
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(out.status().message()), HasSubstr(c.message));
    EXPECT_THAT(std::string(out.status().message()), Not(HasSubstr("hp-secret-key")));
  }
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
