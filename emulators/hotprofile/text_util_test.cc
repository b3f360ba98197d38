#include "emulators/hotprofile/text_util.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

TEST(TextUtilTest, ParsesStrictIntegers) {
  EXPECT_THAT(ParseStrictInt("42"), Optional(42));
  EXPECT_THAT(ParseStrictInt("-7"), Optional(-7));
  EXPECT_EQ(ParseStrictInt("+7"), std::nullopt);
  EXPECT_EQ(ParseStrictInt(" 7"), std::nullopt);
  EXPECT_EQ(ParseStrictInt("7.0"), std::nullopt);
  EXPECT_EQ(ParseStrictInt(""), std::nullopt);
  EXPECT_EQ(ParseStrictInt("1234567890123456789"), std::nullopt);
}

TEST(TextUtilTest, ParsesCoordinatesAndFlags) {
  EXPECT_THAT(ParseCoordinate("35.7150244"), Optional(::testing::DoubleEq(35.7150244)));
  EXPECT_THAT(ParseCoordinate("-139.12345678901234"), ::testing::Ne(std::nullopt));
  EXPECT_EQ(ParseCoordinate("1234.5"), std::nullopt);
  EXPECT_EQ(ParseCoordinate("1.123456789012345"), std::nullopt);  // 15 decimals
  EXPECT_THAT(ParseFlag("TRUE"), Optional(true));
  EXPECT_THAT(ParseFlag("0"), Optional(false));
  EXPECT_EQ(ParseFlag("yes"), std::nullopt);
}

TEST(TextUtilTest, ParsesAndFormatsDates) {
  EXPECT_THAT(ParseDate("2024/02/29"), Optional(absl::CivilDay(2024, 2, 29)));
  EXPECT_EQ(ParseDate("2023/02/29"), std::nullopt);
  EXPECT_EQ(ParseDate("2024-02-01"), std::nullopt);
  EXPECT_EQ(ParseDate("2024/2/1"), std::nullopt);
  EXPECT_THAT(ParseDateTime("2016/03/23 12:05:11"),
              Optional(absl::CivilSecond(2016, 3, 23, 12, 5, 11)));
  EXPECT_EQ(ParseDateTime("2016/03/23 24:00:00"), std::nullopt);
  // 15:30 UTC is 00:30 the next day in Japan.
  const absl::Time time =
      absl::FromCivil(absl::CivilSecond(2024, 12, 31, 15, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(FormatDateTime(time), "2025/01/01 00:30:00");
  EXPECT_EQ(JapanDay(time), absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(FormatDate(absl::CivilDay(2024, 3, 5)), "2024/03/05");
}

TEST(TextUtilTest, SplitsWordsOnAsciiAndIdeographicSpaces) {
  EXPECT_THAT(SplitWords(" 山田　部長  tokyo "), ElementsAre("山田", "部長", "tokyo"));
  EXPECT_EQ(FoldCase("ABC山田"), "abc山田");
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
