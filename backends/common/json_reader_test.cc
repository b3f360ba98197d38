#include "backends/common/json_reader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::common {
namespace {

using ::testing::HasSubstr;

rapidjson::Document Parse(const char* text) {
  absl::StatusOr<rapidjson::Document> document = ParseJsonObject(text);
  EXPECT_TRUE(document.ok()) << document.status();
  return document.ok() ? *std::move(document) : rapidjson::Document();
}

TEST(JsonReaderTest, ParseRejectsMalformedAndNonObjects) {
  EXPECT_TRUE(ParseJsonObject(R"({"a": 1})").ok());
  absl::StatusOr<rapidjson::Document> bad = ParseJsonObject(R"({"a": )");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("malformed JSON"));
  EXPECT_THAT(ParseJsonObject("[1, 2]").status().message(), HasSubstr("got an array"));
  EXPECT_FALSE(ParseJsonObject("").ok());
  EXPECT_FALSE(ParseJsonObject("<html>502 Bad Gateway</html>").ok());
}

TEST(JsonReaderTest, ParseReadsOnlyTheViewAndRefusesNulCharacters) {
  // A view into a longer buffer: the text past its end must not be read.
  const std::string buffer = R"({"a": "x"} trailing garbage)";
  absl::StatusOr<rapidjson::Document> view =
      ParseJsonObject(absl::string_view(buffer).substr(0, 10));
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_STREQ((*view)["a"].GetString(), "x");
  const std::string with_nul("{\"a\": \"x\0y\"}", 13);
  EXPECT_THAT(ParseJsonObject(with_nul).status().message(), HasSubstr("NUL character at byte 8"));
  // Past the stack copy's size: parsed from a heap copy, strings and all.
  std::string large = R"({"items": [)";
  for (int i = 0; i < 2000; ++i) absl::StrAppend(&large, i == 0 ? "" : ",", R"("abcdefghij")");
  absl::StrAppend(&large, R"(], "last": "end"})");
  ASSERT_GT(large.size(), 16u * 1024);
  absl::StatusOr<rapidjson::Document> parsed = ParseJsonObject(large);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)["items"].Size(), 2000u);
  EXPECT_STREQ((*parsed)["last"].GetString(), "end");
}

TEST(JsonReaderTest, StringsAcceptNumbersAndReportWrongTypes) {
  rapidjson::Document doc =
      Parse(R"({"s": "山田", "i": 12, "d": 35.7150244, "b": true, "n": null, "o": {}, "a": []})");
  EXPECT_EQ(GetString(doc, "s")->value(), "山田");
  EXPECT_EQ(GetString(doc, "i")->value(), "12");
  EXPECT_EQ(GetString(doc, "d")->value(), "35.7150244");
  EXPECT_EQ(GetString(doc, "b")->value(), "true");
  EXPECT_FALSE(GetString(doc, "n")->has_value());
  EXPECT_FALSE(GetString(doc, "missing")->has_value());
  absl::StatusOr<std::optional<std::string>> object = GetString(doc, "o");
  EXPECT_EQ(object.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(object.status().message(), "member \"o\": expected text, got an object");
  EXPECT_FALSE(GetString(doc, "a").ok());
}

TEST(JsonReaderTest, IntegersAcceptDecimalTextOnly) {
  rapidjson::Document doc = Parse(
      R"({"i": 42, "neg": -7, "s": "318581", "f": 12.0, "frac": 1.5, "t": "12a",
          "plus": "+1", "big": "1234567890123456789", "b": false})");
  EXPECT_EQ(GetInt64(doc, "i")->value(), 42);
  EXPECT_EQ(GetInt64(doc, "neg")->value(), -7);
  EXPECT_EQ(GetInt64(doc, "s")->value(), 318581);
  EXPECT_EQ(GetInt64(doc, "f")->value(), 12);
  EXPECT_FALSE(GetInt64(doc, "frac").ok());
  EXPECT_FALSE(GetInt64(doc, "t").ok());
  EXPECT_FALSE(GetInt64(doc, "plus").ok());
  EXPECT_FALSE(GetInt64(doc, "big").ok());
  EXPECT_FALSE(GetInt64(doc, "b").ok());
  EXPECT_FALSE(GetInt64(doc, "missing")->has_value());
}

TEST(JsonReaderTest, BooleansAcceptFlags) {
  rapidjson::Document doc =
      Parse(R"({"t": true, "one": "1", "zero": 0, "word": "FALSE", "two": 2, "x": "yes"})");
  EXPECT_TRUE(GetBool(doc, "t")->value());
  EXPECT_TRUE(GetBool(doc, "one")->value());
  EXPECT_FALSE(GetBool(doc, "zero")->value());
  EXPECT_FALSE(GetBool(doc, "word")->value());
  EXPECT_FALSE(GetBool(doc, "two").ok());
  EXPECT_FALSE(GetBool(doc, "x").ok());
}

TEST(JsonReaderTest, ArraysObjectsAndRequiredMembers) {
  rapidjson::Document doc = Parse(R"({"a": [1], "o": {"k": 1}, "s": "x", "n": null})");
  ASSERT_TRUE(GetArray(doc, "a").ok());
  EXPECT_EQ((*GetArray(doc, "a"))->Size(), 1u);
  EXPECT_EQ(*GetArray(doc, "n"), nullptr);
  EXPECT_FALSE(GetArray(doc, "s").ok());
  EXPECT_NE(*GetObject(doc, "o"), nullptr);
  EXPECT_FALSE(GetObject(doc, "a").ok());
  EXPECT_EQ(RequireString(doc, "s").value(), "x");
  EXPECT_EQ(RequireInt64(doc, "n").status().message(), "member \"n\" is missing");
  EXPECT_FALSE(RequireString(doc, "missing").ok());
}

TEST(JsonReaderTest, NonObjectsHaveNoMembers) {
  rapidjson::Document doc;
  doc.Parse("[1]");
  EXPECT_EQ(FindMember(doc, "a"), nullptr);
  EXPECT_FALSE(GetString(doc, "a")->has_value());
  EXPECT_EQ(ToJsonText(doc), "[1]");
}

}  // namespace
}  // namespace leadgw::backends::common
