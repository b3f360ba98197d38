#include "emulators/common/json_util.h"

#include "gtest/gtest.h"

namespace leadgw::emulators::common {
namespace {

TEST(JsonUtilTest, ParsesObjectAndRoundTrips) {
  auto doc = ParseJsonObject(R"({"a":"x","b":[1,2]})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(ToJsonString(*doc), R"({"a":"x","b":[1,2]})");
  EXPECT_EQ(GetStringOr(*doc, "a", "d"), "x");
  EXPECT_EQ(GetStringOr(*doc, "b", "d"), "d");
  EXPECT_EQ(GetStringOr(*doc, "missing", "d"), "d");
}

TEST(JsonUtilTest, RejectsMalformedAndNonObjects) {
  EXPECT_EQ(ParseJsonObject("{\"a\":").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseJsonObject("[1,2]").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseJsonObject("").status().code(), absl::StatusCode::kInvalidArgument);
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
