#include "service/validation_rules.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/validation_testing.h"
#include "testing/status_matchers.h"

namespace leadgw::service::validation_internal {
namespace {

using ::leadgw::testing_util::IsOk;
using validation_testing::ExpectInvalidField;
using validation_testing::Japanese;

TEST(ValidationRulesTest, CharCountCountsCodePoints) {
  EXPECT_EQ(CharCount(""), 0u);
  EXPECT_EQ(CharCount("abc"), 3u);
  EXPECT_EQ(CharCount("山田太郎"), 4u);          // 3 bytes each
  EXPECT_EQ(CharCount("é"), 1u);                 // 2 bytes
  EXPECT_EQ(CharCount("\xF0\x9F\x98\x80"), 1u);  // U+1F600, 4 bytes
  EXPECT_EQ(CharCount(Japanese(255)), 255u);
  EXPECT_EQ(Japanese(255).size(), 765u);
}

TEST(ValidationRulesTest, MaxCharsCountsCharactersNotBytes) {
  EXPECT_EQ(MaxCharsProblem(Japanese(255), 255), std::nullopt);
  EXPECT_EQ(MaxCharsProblem(Japanese(256), 255), "at most 255 characters");
  EXPECT_EQ(MaxCharsProblem(std::string(255, 'a'), 255), std::nullopt);
  EXPECT_EQ(MaxCharsProblem(std::string(256, 'a'), 255), "at most 255 characters");
}

TEST(ValidationRulesTest, Ids) {
  EXPECT_EQ(IdProblem("", IdPresence::kOptional), std::nullopt);
  EXPECT_EQ(IdProblem("", IdPresence::kRequired), "required");
  EXPECT_EQ(IdProblem("", IdPresence::kEmpty), std::nullopt);
  EXPECT_EQ(IdProblem("1", IdPresence::kEmpty), "must be empty on create");
  EXPECT_EQ(IdProblem("0", IdPresence::kRequired), std::nullopt);
  EXPECT_EQ(IdProblem(std::string(20, '9'), IdPresence::kRequired), std::nullopt);
  EXPECT_EQ(IdProblem(std::string(21, '9'), IdPresence::kRequired), "at most 20 digits");
  EXPECT_EQ(IdProblem("+1", IdPresence::kRequired), "decimal digits only");
  EXPECT_EQ(IdProblem(" 1", IdPresence::kRequired), "decimal digits only");
  EXPECT_EQ(IdProblem("１", IdPresence::kRequired), "decimal digits only");  // full-width
}

TEST(ValidationRulesTest, ApiNames) {
  EXPECT_TRUE(IsApiName("email"));
  EXPECT_TRUE(IsApiName("Custom_Field_1"));
  EXPECT_FALSE(IsApiName(""));
  EXPECT_FALSE(IsApiName("_x"));
  EXPECT_FALSE(IsApiName("1x"));
  EXPECT_FALSE(IsApiName("a-b"));
  EXPECT_FALSE(IsApiName("名前"));
}

TEST(ValidationRulesTest, CalendarDates) {
  EXPECT_TRUE(IsCalendarDate("2024-02-29"));
  EXPECT_TRUE(IsCalendarDate("2000-02-29"));
  EXPECT_FALSE(IsCalendarDate("1900-02-29"));
  EXPECT_FALSE(IsCalendarDate("2023-02-29"));
  EXPECT_TRUE(IsCalendarDate("0001-01-01"));
  EXPECT_TRUE(IsCalendarDate("9999-12-31"));
  EXPECT_FALSE(IsCalendarDate("0000-01-01"));
  EXPECT_FALSE(IsCalendarDate("2024-04-31"));
  EXPECT_FALSE(IsCalendarDate("2024-00-01"));
  EXPECT_FALSE(IsCalendarDate("2024-01-00"));
  EXPECT_TRUE(HasDateShape("2024-13-01"));
  EXPECT_FALSE(HasDateShape("2024/01/01"));
  EXPECT_FALSE(HasDateShape("2024-1-01"));
  EXPECT_FALSE(HasDateShape("2024-01-01T00:00:00"));
  EXPECT_FALSE(HasDateShape("２０２４-01-01"));
}

TEST(ValidationRulesTest, DecimalComparisonIgnoresLeadingZeros) {
  EXPECT_EQ(CanonicalDecimal("007"), "7");
  EXPECT_EQ(CanonicalDecimal("000"), "0");
  EXPECT_EQ(CanonicalDecimal("10"), "10");
  EXPECT_EQ(CompareDecimal("007", "7"), 0);
  EXPECT_LT(CompareDecimal("9", "10"), 0);
  EXPECT_GT(CompareDecimal("99999999999999999999", "18446744073709551615"), 0);
}

TEST(ValidationRulesTest, ScopePaths) {
  const Scope top;
  EXPECT_EQ(top.Path("connection"), "connection");
  EXPECT_EQ(top.IndexPath("filter_values", 301), "filter_values[301]");
  const Scope lead = top.Element("records", 2).Field("lead");
  EXPECT_EQ(lead.Path("email"), "records[2].lead.email");
  EXPECT_EQ(lead.Path(""), "records[2].lead");
  EXPECT_EQ(top.Element("leads", 3).KeyPath("custom_fields", "x"), "leads[3].custom_fields[\"x\"]");
  EXPECT_EQ(top.KeyPath("m", "a\"b\\c\n"), "m[\"a\\\"b\\\\c\\n\"]");
  EXPECT_EQ(top.KeyPath("m", "項目"), "m[\"項目\"]");
  ExpectInvalidField(lead.Fail("email", "bad"), "records[2].lead.email", "bad");
}

TEST(ValidationRulesTest, LongKeysAreShortenedOnCharacterBoundaries) {
  const Scope top;
  EXPECT_EQ(top.KeyPath("m", Japanese(255)), absl::StrCat("m[\"", Japanese(255), "\"]"));
  EXPECT_EQ(top.KeyPath("m", Japanese(10000)), absl::StrCat("m[\"", Japanese(255), "...\"]"));
}

TEST(ValidationRulesTest, CountMessages) {
  const Scope top;
  ExpectInvalidField(CheckCount(top, "leads", 0, 1, 5), "leads", "required");
  ExpectInvalidField(CheckCount(top, "leads", 1, 2, 5), "leads", "at least 2 entries");
  ExpectInvalidField(CheckCount(top, "leads", 6, 1, 5), "leads", "at most 5 entries");
  EXPECT_THAT(CheckCount(top, "leads", 5, 1, 5), IsOk());
  EXPECT_THAT(CheckCount(top, "leads", 0, 0, 5), IsOk());
}

TEST(ValidationRulesTest, Timestamps) {
  const Scope top;
  google::protobuf::Timestamp ts;
  EXPECT_THAT(CheckTimestamp(top, "t", ts), IsOk());
  ts.set_seconds(253402300799);  // 9999-12-31T23:59:59Z
  ts.set_nanos(999999999);
  EXPECT_THAT(CheckTimestamp(top, "t", ts), IsOk());
  ts.set_seconds(253402300800);
  ExpectInvalidField(CheckTimestamp(top, "t", ts), "t", "valid timestamp");
  ts.set_seconds(-62135596801);  // before 0001-01-01
  ExpectInvalidField(CheckTimestamp(top, "t", ts), "t");
  ts.set_seconds(0);
  ts.set_nanos(1000000000);
  ExpectInvalidField(CheckTimestamp(top, "t", ts), "t");
}

}  // namespace
}  // namespace leadgw::service::validation_internal
