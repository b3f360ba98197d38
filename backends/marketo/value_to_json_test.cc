#include "backends/marketo/value_to_json.h"

#include <cmath>
#include <limits>

#include "backends/common/json_reader.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

std::string Json(const google::protobuf::Value& value) {
  rapidjson::Document doc;
  rapidjson::Value out;
  absl::Status status = ValueToJson(value, out, doc.GetAllocator());
  if (!status.ok()) return std::string(status.message());
  return common::ToJsonText(out);
}

google::protobuf::Value Number(double d) {
  google::protobuf::Value v;
  v.set_number_value(d);
  return v;
}

TEST(ValueToJsonTest, Scalars) {
  google::protobuf::Value v;
  v.set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_EQ(Json(v), "null");
  v.set_bool_value(true);
  EXPECT_EQ(Json(v), "true");
  v.set_string_value("山田 \"q\"");
  EXPECT_EQ(Json(v), "\"山田 \\\"q\\\"\"");
  EXPECT_EQ(Json(Number(45)), "45");
  EXPECT_EQ(Json(Number(-3)), "-3");
  EXPECT_EQ(Json(Number(1.5)), "1.5");
}

TEST(ValueToJsonTest, StructsAndLists) {
  google::protobuf::Value v;
  auto& fields = *v.mutable_struct_value()->mutable_fields();
  fields["a"].mutable_list_value()->add_values()->set_string_value("x");
  fields["a"].mutable_list_value()->add_values()->set_number_value(2);
  EXPECT_EQ(Json(v), R"({"a":["x",2]})");
}

TEST(ValueToJsonTest, Rejects) {
  EXPECT_EQ(Json(google::protobuf::Value()), "value is not set");
  EXPECT_EQ(Json(Number(std::numeric_limits<double>::infinity())), "number is not finite");
  EXPECT_EQ(Json(Number(std::nan(""))), "number is not finite");
}

}  // namespace
}  // namespace leadgw::backends::marketo
