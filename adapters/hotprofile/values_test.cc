#include "adapters/hotprofile/values.h"

#include "gtest/gtest.h"

namespace leadgw::adapters::hotprofile {
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
}  // namespace leadgw::adapters::hotprofile
