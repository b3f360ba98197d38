#include "backends/hotprofile/values.h"

#include <string>
#include <utility>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace leadgw::backends::hotprofile {
namespace {

TEST(ValuesTest, Dates) {
  EXPECT_EQ(IsoDateToHotProfile("2024-05-01"), "2024/05/01");
  EXPECT_FALSE(IsoDateToHotProfile("2024/05/01").has_value());
  EXPECT_FALSE(IsoDateToHotProfile("2024-02-30").has_value());
  EXPECT_FALSE(IsoDateToHotProfile("2024-5-1").has_value());
  EXPECT_EQ(IsoDateToHotProfile("2024-02-29"), "2024/02/29");
  EXPECT_EQ(HotProfileDateToIso("2025/12/31"), "2025-12-31");
  EXPECT_FALSE(HotProfileDateToIso("2025-12-31").has_value());
  EXPECT_EQ(NormalizeSearchDate("2025-01-02"), "2025/01/02");
  EXPECT_EQ(NormalizeSearchDate("2025/01/02"), "2025/01/02");
  EXPECT_FALSE(NormalizeSearchDate("02/01/2025").has_value());
}

TEST(ValuesTest, DateTimesAreJapanTime) {
  std::optional<absl::Time> time = ParseHotProfileDateTime("2024/04/01 09:00:00");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(*time, absl::FromCivil(absl::CivilSecond(2024, 4, 1, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(FormatHotProfileDateTime(*time), "2024/04/01 09:00:00");
  EXPECT_FALSE(ParseHotProfileDateTime("2024-04-01T09:00:00Z").has_value());
  EXPECT_FALSE(ParseHotProfileDateTime("2024/04/01").has_value());
}

// The hand-written parse of the usual form must agree with absl::ParseTime, which still
// reads every other form.
TEST(ValuesTest, DateTimeFastPathAgreesWithParseTime) {
  for (const char* text : {"2024/02/29 23:59:59", "1999/12/31 15:00:00", "2025/01/01 00:00:00",
                           "0001/01/01 08:59:59", "9999/12/31 23:59:59"}) {
    absl::Time expected;
    std::string error;
    ASSERT_TRUE(absl::ParseTime("%Y/%m/%d %H:%M:%S", text, JapanTime(), &expected, &error)) << text;
    EXPECT_EQ(ParseHotProfileDateTime(text), expected) << text;
  }
  EXPECT_EQ(ParseHotProfileDateTime("2024/12/31 15:00:00"),
            absl::FromUnixSeconds(1735624800));  // 06:00 UTC
  for (const char* text : {"2023/02/29 10:00:00", "2024/04/31 10:00:00", "2024/04/01 24:00:00",
                           "2024/04/01 10:60:00", "2024/04/01 1a:00:00", "2024/04/01T10:00:00"}) {
    EXPECT_FALSE(ParseHotProfileDateTime(text).has_value()) << text;
  }
  // Forms off the fast path still go through absl::ParseTime.
  EXPECT_EQ(ParseHotProfileDateTime("2024/4/1 9:00:00"),
            absl::FromCivil(absl::CivilSecond(2024, 4, 1, 0, 0, 0), absl::UTCTimeZone()));
}

TEST(ValuesTest, DatesAreZeroPadded) {
  EXPECT_EQ(HotProfileDateToIso("0099/01/02"), "0099-01-02");
  EXPECT_EQ(IsoDateToHotProfile("9999-12-31"), "9999/12/31");
  EXPECT_FALSE(HotProfileDateToIso("2024/1a/02").has_value());
}

TEST(ValuesTest, CoordinatesAndDecimals) {
  EXPECT_TRUE(IsCoordinate("35.7150244"));
  EXPECT_TRUE(IsCoordinate("-139"));
  EXPECT_TRUE(IsCoordinate("139.12345678901234"));
  EXPECT_FALSE(IsCoordinate("139.123456789012345"));  // 15 decimals
  EXPECT_FALSE(IsCoordinate("1391.5"));
  EXPECT_FALSE(IsCoordinate("1.2.3"));
  EXPECT_FALSE(IsCoordinate(""));
  EXPECT_TRUE(IsDecimal("12345.5"));
  EXPECT_FALSE(IsDecimal("1e5"));
}

TEST(ValuesTest, FlagsAndCodes) {
  google::protobuf::Value value;
  value.set_bool_value(true);
  EXPECT_EQ(FlagText(value), "1");
  value.set_number_value(0);
  EXPECT_EQ(FlagText(value), "0");
  value.set_number_value(2);
  EXPECT_FALSE(FlagText(value).has_value());
  value.set_string_value("TRUE");
  EXPECT_EQ(FlagText(value), "1");
  value.set_string_value("yes");
  EXPECT_FALSE(FlagText(value).has_value());
  EXPECT_TRUE(IsAllowedCode("3", "1|3"));
  EXPECT_FALSE(IsAllowedCode("2", "1|3"));
  EXPECT_FALSE(IsAllowedCode("", "1|3"));
}

}  // namespace
TEST(SplitFullNameTest, SplitsAtTheFirstAsciiOrIdeographicSpace) {
  auto parts = [](absl::string_view name) {
    NameParts split = SplitFullName(name);
    return std::make_pair(split.family, split.given);
  };
  EXPECT_EQ(parts("山田 太郎"), std::make_pair(std::string("山田"), std::string("太郎")));
  EXPECT_EQ(parts("ヤマダ\u3000タロウ"),
            std::make_pair(std::string("ヤマダ"), std::string("タロウ")));
  // Repeated and mixed spaces after the family name are dropped; later ones are kept.
  EXPECT_EQ(parts("佐藤\u3000 花子 マリア"),
            std::make_pair(std::string("佐藤"), std::string("花子 マリア")));
  EXPECT_EQ(parts("Smith John"), std::make_pair(std::string("Smith"), std::string("John")));
  // No space: the whole name is the family name.
  EXPECT_EQ(parts("山田"), std::make_pair(std::string("山田"), std::string()));
  EXPECT_EQ(parts(""), std::make_pair(std::string(), std::string()));
}

}  // namespace leadgw::backends::hotprofile
