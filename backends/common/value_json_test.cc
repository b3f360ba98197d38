#include "backends/common/value_json.h"

#include "backends/common/json_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;

TEST(ValueJsonTest, JsonBecomesValues) {
  absl::StatusOr<rapidjson::Document> doc = ParseJsonObject(
      R"({"s": "東京", "n": 35.5, "b": true, "z": null, "a": [1, "x"], "o": {"k": false}})");
  ASSERT_THAT(doc, IsOk());
  google::protobuf::Value value = JsonToValue(*doc);
  const auto& fields = value.struct_value().fields();
  EXPECT_EQ(fields.at("s").string_value(), "東京");
  EXPECT_EQ(fields.at("n").number_value(), 35.5);
  EXPECT_TRUE(fields.at("b").bool_value());
  EXPECT_EQ(fields.at("z").kind_case(), google::protobuf::Value::kNullValue);
  ASSERT_EQ(fields.at("a").list_value().values_size(), 2);
  EXPECT_EQ(fields.at("a").list_value().values(1).string_value(), "x");
  EXPECT_FALSE(fields.at("o").struct_value().fields().at("k").bool_value());
}

TEST(ValueJsonTest, ScalarsBecomeParameterText) {
  google::protobuf::Value value;
  value.set_string_value("abc");
  EXPECT_EQ(ValueToText(value).value(), "abc");
  value.set_bool_value(false);
  EXPECT_EQ(ValueToText(value).value(), "false");
  value.set_number_value(42);
  EXPECT_EQ(ValueToText(value).value(), "42");
  value.set_number_value(-3);
  EXPECT_EQ(ValueToText(value).value(), "-3");
  value.set_number_value(35.7150244);
  EXPECT_EQ(ValueToText(value).value(), "35.7150244");
  value.set_number_value(0.1);
  EXPECT_EQ(ValueToText(value).value(), "0.1");
  value.set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_EQ(ValueToText(value).value(), "");
}

TEST(ValueJsonTest, ListsStructsAndUnsetAreRejected) {
  google::protobuf::Value value;
  EXPECT_THAT(ValueToText(value), StatusIs(absl::StatusCode::kInvalidArgument));
  value.mutable_list_value();
  EXPECT_THAT(ValueToText(value), Not(IsOk()));
  value.mutable_struct_value();
  EXPECT_THAT(ValueToText(value), Not(IsOk()));
}

}  // namespace
}  // namespace leadgw::backends::common
