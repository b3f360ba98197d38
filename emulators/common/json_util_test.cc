#include "emulators/common/json_util.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

TEST(JsonUtilTest, ParsesObjectAndRoundTrips) {
  auto doc = ParseJsonObject(R"({"a":"x","b":[1,2]})");
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(ToJsonString(*doc), R"({"a":"x","b":[1,2]})");
  EXPECT_EQ(GetStringOr(*doc, "a", "d"), "x");
  EXPECT_EQ(GetStringOr(*doc, "b", "d"), "d");
  EXPECT_EQ(GetStringOr(*doc, "missing", "d"), "d");
}

TEST(JsonUtilTest, RejectsMalformedAndNonObjects) {
  EXPECT_THAT(ParseJsonObject("{\"a\":"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJsonObject("[1,2]"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseJsonObject(""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(JsonUtilTest, WriteJsonSetsStatusAndContentType) {
  httplib::Response res;
  rapidjson::Document doc(rapidjson::kObjectType);
  doc.AddMember("ok", true, doc.GetAllocator());
  WriteJson(res, 201, doc);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body, R"({"ok":true})");
  EXPECT_NE(res.get_header_value("Content-Type").find("application/json"),
            std::string::npos);
}

}  // namespace
}  // namespace leadgw::emulators::common
