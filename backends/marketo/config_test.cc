#include "backends/marketo/config.h"

#include <string>

#include "backends/marketo/settings.h"
#include "common/fake_secret_readers.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

using ::leadgateway::config::v1::ConnectionConfig;
using ::testing::HasSubstr;
using ::testing::Not;

ConnectionConfig Parse(const std::string& text) {
  ConnectionConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  return config;
}

constexpr char kCredentials[] = R"pb(
  marketo {
    client_id { env: "MKTO_ID" }
    client_secret { file: "/run/mkto" }
  }
)pb";

// The Marketo part ReadMarketoConfig stored, or its error.
absl::StatusOr<MarketoSettings> Read(const std::string& text) {
  ConnectionSettings out;
  out.base_url = "https://123-ABC-456.mktorest.com";
  SecretReaders readers =
      FakeSecretReaders({{"MKTO_ID", "id-123"}}, {{"/run/mkto", "  mkto-secret\n"}});
  absl::Status status = ReadMarketoConfig(Parse(text), "connections[1]", readers, &out);
  if (!status.ok()) return status;
  const MarketoSettings* marketo = VendorPart<MarketoSettings>(out);
  if (marketo == nullptr) return absl::InternalError("no MarketoSettings in out.vendor");
  return *marketo;
}

TEST(MarketoConfigTest, ReadsCredentialsAndDefaultsTheIdentityUrl) {
  absl::StatusOr<MarketoSettings> out = Read(kCredentials);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->client_id.expose(), "id-123");
  EXPECT_EQ(out->client_secret.expose(), "mkto-secret");
  EXPECT_EQ(out->identity_url, "https://123-ABC-456.mktorest.com/identity");
}

TEST(MarketoConfigTest, ReadsAnExplicitIdentityUrl) {
  absl::StatusOr<MarketoSettings> out =
      Read(std::string(kCredentials) + R"pb(identity_url: "https://id.example.com/identity/")pb");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->identity_url, "https://id.example.com/identity");
}

TEST(MarketoConfigTest, ErrorsNameTheKey) {
  struct Case {
    std::string text;
    const char* message;
  };
  for (const Case& c : {
           Case{"", "connections[1].marketo: required for backend marketo"},
           Case{std::string(kCredentials) + R"pb(identity_url: "ftp://x")pb",
                "connections[1].identity_url: must start with http:// or https://"},
           Case{R"pb(marketo { client_secret { file: "/run/mkto" } })pb",
                "connections[1].marketo.client_id: required"},
           Case{R"pb(marketo {
                       client_id { env: "MKTO_ID" }
                       client_secret { file: "/nope" }
                     })pb",
                "connections[1].marketo.client_secret.file: cannot read /nope"},
       }) {
    absl::StatusOr<MarketoSettings> out = Read(c.text);
    ASSERT_FALSE(out.ok()) << c.message;
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(out.status().message()), HasSubstr(c.message));
    EXPECT_THAT(std::string(out.status().message()), Not(HasSubstr("mkto-secret")));
  }
}

}  // namespace
}  // namespace leadgw::backends::marketo
