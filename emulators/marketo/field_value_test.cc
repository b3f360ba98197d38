#include "emulators/marketo/field_value.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::marketo {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::Not;

absl::StatusOr<FieldValue> Convert(const char* json, const char* type) {
  rapidjson::Document doc;
  doc.Parse(json);
  return FieldValueFromJson(doc, type);
}

TEST(FieldValueTest, ConvertsByDataType) {
  EXPECT_EQ(Convert("true", "boolean")->b, true);
  EXPECT_EQ(Convert("\"false\"", "boolean")->b, false);
  EXPECT_THAT(Convert("\"maybe\"", "boolean"), Not(IsOk()));
  EXPECT_EQ(Convert("45", "integer")->i, 45);
  EXPECT_EQ(Convert("45.0", "integer")->i, 45);
  EXPECT_THAT(Convert("4.5", "integer"), Not(IsOk()));
  EXPECT_THAT(Convert("\"many\"", "integer"), Not(IsOk()));
  EXPECT_DOUBLE_EQ(Convert("1.5", "currency")->d, 1.5);
  EXPECT_EQ(Convert("\"04828\"", "string")->s, "04828");
  EXPECT_EQ(Convert("4828", "string")->s, "4828");
  EXPECT_THAT(Convert("{}", "string"), Not(IsOk()));
  EXPECT_EQ(Convert("null", "string")->kind, FieldValue::Kind::kNull);
  EXPECT_TRUE(FieldValue::String("").IsEmpty());
  EXPECT_FALSE(FieldValue::Int(0).IsEmpty());
}

TEST(FieldValueTest, IsoTimes) {
  const absl::Time t = absl::FromUnixSeconds(1431020850);
  EXPECT_EQ(FormatIsoTime(t), "2015-05-07T17:47:30Z");
  EXPECT_EQ(*ParseIsoTime("2015-05-07T17:47:30Z"), t);
  EXPECT_EQ(*ParseIsoTime("2015-05-07T09:47:30-08:00"), t);
  EXPECT_EQ(*ParseIsoTime("2015-05-07"), absl::FromUnixSeconds(1430956800));
  EXPECT_THAT(ParseIsoTime("yesterday"), Not(IsOk()));
}

}  // namespace
}  // namespace leadgw::emulators::marketo
