#include "tools/leadctl/jsonl_reader.h"

#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

TEST(JsonlReaderTest, FlattensAddressAndCustomFieldsKeepingKinds) {
  auto records = ReadJsonLinesRecords(
      R"({"email":"a@example.com","last_name":"山田","address":{"city":"東京"},)"
      R"("custom_fields":{"leadScore":45},"unsubscribed":false,"fax":null})"
      "\n");
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].fields.ok()) << records[0].fields.status();
  const FieldList& fields = *records[0].fields;
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[1].first, "last_name");
  EXPECT_EQ(fields[1].second.string_value(), "山田");
  EXPECT_EQ(fields[2].first, "address.city");
  EXPECT_EQ(fields[3].first, "leadScore");
  EXPECT_EQ(fields[3].second.number_value(), 45);
  EXPECT_EQ(fields[4].second.kind_case(), google::protobuf::Value::kBoolValue);
  EXPECT_EQ(fields[5].second.kind_case(), google::protobuf::Value::kNullValue);
}

TEST(JsonlReaderTest, BadLinesAreReportedByLineAndBlankLinesSkipped) {
  auto records = ReadJsonLinesRecords(
      "{\"email\":\"a@example.com\"}\n"
      "\n"
      "{not json\n"
      "[1,2]\n"
      "{\"tags\":[\"x\"]}\n"
      "{\"email\":\"\xff\"}\r\n"
      "{\"email\":\"b@example.com\"}");
  ASSERT_EQ(records.size(), 6u);
  EXPECT_TRUE(records[0].fields.ok());
  EXPECT_EQ(records[0].line, 1);
  for (int i = 1; i <= 4; ++i) {  // not JSON, not an object, a list value, not UTF-8
    EXPECT_FALSE(records[i].fields.ok()) << i;
    EXPECT_EQ(records[i].line, i + 2);
  }
  EXPECT_TRUE(records[5].fields.ok());
  EXPECT_EQ(records[5].line, 7);
}

}  // namespace
}  // namespace leadgw::leadctl
