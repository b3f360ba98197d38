#include "backends/common/json_reader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

rapidjson::Document Parse(const char* text) {
  absl::StatusOr<rapidjson::Document> document = ParseJsonObject(text);
  EXPECT_THAT(document, IsOk());
  return document.ok() ? *std::move(document) : rapidjson::Document();
}

TEST(JsonReaderTest, ParseRejectsMalformedAndNonObjects) {
  EXPECT_THAT(ParseJsonObject(R"({"a": 1})"), IsOk());
  absl::StatusOr<rapidjson::Document> bad = ParseJsonObject(R"({"a": )");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(bad.status().message(), HasSubstr("malformed JSON"));
  EXPECT_THAT(ParseJsonObject("[1, 2]").status().message(), HasSubstr("got an array"));
  EXPECT_THAT(ParseJsonObject(""), Not(IsOk()));
  EXPECT_THAT(ParseJsonObject("<html>502 Bad Gateway</html>"), Not(IsOk()));
}

TEST(JsonReaderTest, ParseReadsOnlyTheViewAndRefusesNulCharacters) {
  // A view into a longer buffer: the text past its end must not be read.
  const std::string buffer = R"({"a": "x"} trailing garbage)";
  absl::StatusOr<rapidjson::Document> view =
      ParseJsonObject(absl::string_view(buffer).substr(0, 10));
  ASSERT_THAT(view, IsOk());
  EXPECT_STREQ((*view)["a"].GetString(), "x");
  const std::string with_nul("{\"a\": \"x\0y\"}", 13);
  EXPECT_THAT(ParseJsonObject(with_nul).status().message(), HasSubstr("NUL character at byte 8"));
  // Past the stack copy's size: parsed from a heap copy, strings and all.
  std::string large = R"({"items": [)";
  for (int i = 0; i < 2000; ++i) absl::StrAppend(&large, i == 0 ? "" : ",", R"("abcdefghij")");
  absl::StrAppend(&large, R"(], "last": "end"})");
  ASSERT_GT(large.size(), 16u * 1024);
  absl::StatusOr<rapidjson::Document> parsed = ParseJsonObject(large);
  ASSERT_THAT(parsed, IsOk());
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
  EXPECT_THAT(object, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(object.status().message(), "member \"o\": expected text, got an object");
  EXPECT_THAT(GetString(doc, "a"), Not(IsOk()));
}

TEST(JsonReaderTest, IntegersAcceptDecimalTextOnly) {
  rapidjson::Document doc = Parse(
      R"({"i": 42, "neg": -7, "s": "318581", "f": 12.0, "frac": 1.5, "t": "12a",
          "plus": "+1", "big": "1234567890123456789", "b": false})");
  EXPECT_EQ(GetInt64(doc, "i")->value(), 42);
  EXPECT_EQ(GetInt64(doc, "neg")->value(), -7);
  EXPECT_EQ(GetInt64(doc, "s")->value(), 318581);
  EXPECT_EQ(GetInt64(doc, "f")->value(), 12);
  EXPECT_THAT(GetInt64(doc, "frac"), Not(IsOk()));
  EXPECT_THAT(GetInt64(doc, "t"), Not(IsOk()));
  EXPECT_THAT(GetInt64(doc, "plus"), Not(IsOk()));
  EXPECT_THAT(GetInt64(doc, "big"), Not(IsOk()));
  EXPECT_THAT(GetInt64(doc, "b"), Not(IsOk()));
  EXPECT_FALSE(GetInt64(doc, "missing")->has_value());
}

TEST(JsonReaderTest, BooleansAcceptFlags) {
  rapidjson::Document doc =
      Parse(R"({"t": true, "one": "1", "zero": 0, "word": "FALSE", "two": 2, "x": "yes"})");
  EXPECT_TRUE(GetBool(doc, "t")->value());
  EXPECT_TRUE(GetBool(doc, "one")->value());
  EXPECT_FALSE(GetBool(doc, "zero")->value());
  EXPECT_FALSE(GetBool(doc, "word")->value());
  EXPECT_THAT(GetBool(doc, "two"), Not(IsOk()));
  EXPECT_THAT(GetBool(doc, "x"), Not(IsOk()));
}

TEST(JsonReaderTest, ArraysObjectsAndRequiredMembers) {
  rapidjson::Document doc = Parse(R"({"a": [1], "o": {"k": 1}, "s": "x", "n": null})");
  ASSERT_THAT(GetArray(doc, "a"), IsOk());
  EXPECT_EQ((*GetArray(doc, "a"))->Size(), 1u);
  EXPECT_EQ(*GetArray(doc, "n"), nullptr);
  EXPECT_THAT(GetArray(doc, "s"), Not(IsOk()));
  EXPECT_NE(*GetObject(doc, "o"), nullptr);
  EXPECT_THAT(GetObject(doc, "a"), Not(IsOk()));
  EXPECT_EQ(RequireString(doc, "s").value(), "x");
  EXPECT_EQ(RequireInt64(doc, "n").status().message(), "member \"n\" is missing");
  EXPECT_THAT(RequireString(doc, "missing"), Not(IsOk()));
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
