#include "tools/leadctl/csv_reader.h"

#include <string>

#include "gtest/gtest.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::leadctl {
namespace {

// The string value of `name` in `record`, or "<absent>".
std::string ValueOf(const InputRecord& record, const std::string& name) {
  if (!record.fields.ok()) return "<error>";
  for (const auto& [field, value] : *record.fields) {
    if (field == name) return value.string_value();
  }
  return "<absent>";
}

TEST(CsvReaderTest, QuotedCommasDoubledQuotesAndLineBreaks) {
  auto records = ReadCsvRecords(
      "email,company,note\n"
      "a@example.com,\"Acme, Inc.\",\"said \"\"hi\"\"\"\n"
      "b@example.com,Plain,\"two\nlines\"\n"
      "c@example.com,,\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].line, 2);
  EXPECT_EQ(ValueOf((*records)[0], "company"), "Acme, Inc.");
  EXPECT_EQ(ValueOf((*records)[0], "note"), "said \"hi\"");
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ(ValueOf((*records)[1], "note"), "two\nlines");
  EXPECT_EQ((*records)[2].line, 5);  // after the record spanning lines 3-4
  EXPECT_EQ(ValueOf((*records)[2], "company"), "<absent>");  // empty cells are not sent
}

TEST(CsvReaderTest, JapaneseCrlfAndByteOrderMark) {
  auto records = ReadCsvRecords(
      "\xEF\xBB\xBF" "last_name,first_name_kana,company\r\n"
      "山田,タロウ,\"株式会社サンプル, 東京支店\"\r\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(ValueOf((*records)[0], "last_name"), "山田");
  EXPECT_EQ(ValueOf((*records)[0], "first_name_kana"), "タロウ");
  EXPECT_EQ(ValueOf((*records)[0], "company"), "株式会社サンプル, 東京支店");
}

TEST(CsvReaderTest, MalformedRowsAreReportedAndTheRestKept) {
  auto records = ReadCsvRecords(
      "email,last_name\n"
      "a@example.com,A\n"
      "b@example.com\n"                  // too few fields
      "c@example.com,C \"quoted\" name\n"  // a bare quote
      "d@example.com,\"D\"x\n"           // text after a closing quote
      "e@example.com,\"\xff\"\n"         // not UTF-8
      "\n"                               // blank: no record
      "f@example.com,F\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 6u);
  EXPECT_TRUE((*records)[0].fields.ok());
  for (int i = 1; i <= 4; ++i) {
    EXPECT_FALSE((*records)[i].fields.ok()) << i;
    EXPECT_EQ((*records)[i].line, i + 2);
  }
  EXPECT_EQ((*records)[5].line, 8);
  EXPECT_EQ(ValueOf((*records)[5], "last_name"), "F");
}

TEST(CsvReaderTest, UnclosedQuoteIsOneBadRecordAtTheEnd) {
  auto records = ReadCsvRecords("email,note\na@example.com,ok\nb@example.com,\"open\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_TRUE((*records)[0].fields.ok());
  ASSERT_FALSE((*records)[1].fields.ok());
  EXPECT_NE(std::string((*records)[1].fields.status().message()).find("never closed"),
            std::string::npos);
}

TEST(CsvReaderTest, HeaderProblemsAreUsageErrors) {
  EXPECT_TRUE(grpc_call::IsUsageError(ReadCsvRecords("").status()));
  EXPECT_TRUE(grpc_call::IsUsageError(ReadCsvRecords("email,email\nx,y\n").status()));
  EXPECT_TRUE(grpc_call::IsUsageError(ReadCsvRecords("email,,name\n").status()));
  EXPECT_TRUE(grpc_call::IsUsageError(ReadCsvRecords("\"email\n").status()));
}

}  // namespace
}  // namespace leadgw::leadctl
