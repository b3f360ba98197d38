#include "backends/registry.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::backends {
namespace {

using ::leadgateway::config::v1::ConnectionConfig;
using ::testing::ElementsAre;

TEST(RegistryTest, FindsKindsByNameAndEnum) {
  const BackendKindInfo* marketo = FindBackendKind("marketo");
  ASSERT_NE(marketo, nullptr);
  EXPECT_EQ(marketo->kind, ::leadgateway::v1::BACKEND_KIND_MARKETO);
  EXPECT_EQ(FindBackendKind(::leadgateway::v1::BACKEND_KIND_MARKETO), marketo);
  const BackendKindInfo* hotprofile = FindBackendKind("hotprofile");
  ASSERT_NE(hotprofile, nullptr);
  EXPECT_EQ(hotprofile->kind, ::leadgateway::v1::BACKEND_KIND_HOTPROFILE);
  EXPECT_EQ(FindBackendKind(::leadgateway::v1::BACKEND_KIND_HOTPROFILE), hotprofile);
}

TEST(RegistryTest, UnknownKindsAreNull) {
  EXPECT_EQ(FindBackendKind("salesforce"), nullptr);
  EXPECT_EQ(FindBackendKind(""), nullptr);
  EXPECT_EQ(FindBackendKind(::leadgateway::v1::BACKEND_KIND_UNSPECIFIED), nullptr);
}

TEST(RegistryTest, NamesInRegistrationOrder) {
  EXPECT_THAT(BackendKindNames(), ElementsAre("marketo", "hotprofile"));
}

// What service/config relies on: unique names and kinds, a reader, at least one endpoint
// and one rate-limit code, and a singular ConnectionConfig field for the credentials
// block (named after the kind) and each of the kind's config_fields.
TEST(RegistryTest, EveryKindIsComplete) {
  const google::protobuf::Descriptor* connection = ConnectionConfig::descriptor();
  std::set<std::string> names;
  std::set<int> kinds;
  for (const BackendKindInfo* info : AllBackendKinds()) {
    SCOPED_TRACE(std::string(info->name));
    EXPECT_TRUE(names.insert(std::string(info->name)).second);
    EXPECT_TRUE(kinds.insert(info->kind).second);
    EXPECT_NE(info->kind, ::leadgateway::v1::BACKEND_KIND_UNSPECIFIED);
    EXPECT_NE(info->read_settings, nullptr);
    EXPECT_FALSE(info->endpoints.empty());
    EXPECT_FALSE(info->rate_limit_codes.empty());
    EXPECT_GT(info->default_timeout, absl::ZeroDuration());
    const auto* block = connection->FindFieldByName(std::string(info->name));
    ASSERT_NE(block, nullptr);
    EXPECT_EQ(block->type(), google::protobuf::FieldDescriptor::TYPE_MESSAGE);
    EXPECT_FALSE(block->is_repeated());
    for (absl::string_view field : info->config_fields) {
      const auto* descriptor = connection->FindFieldByName(std::string(field));
      ASSERT_NE(descriptor, nullptr) << field;
      EXPECT_FALSE(descriptor->is_repeated()) << field;
    }
  }
}

}  // namespace
}  // namespace leadgw::backends
