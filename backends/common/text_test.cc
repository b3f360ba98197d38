#include "backends/common/text.h"

#include <string>

#include "backends/common/invalid_field.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::StatusIs;

TEST(TextTest, Digits) {
  EXPECT_TRUE(IsDigits("0123"));
  EXPECT_FALSE(IsDigits(""));
  EXPECT_FALSE(IsDigits("12a"));
  EXPECT_FALSE(IsDigits("-1"));
}

TEST(TextTest, FixedDaysAreRealCalendarDays) {
  EXPECT_EQ(ParseFixedDay("2024/02/29", '/'), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(ParseFixedDay("0099-01-02", '-'), absl::CivilDay(99, 1, 2));
  EXPECT_FALSE(ParseFixedDay("2023/02/29", '/').has_value());
  EXPECT_FALSE(ParseFixedDay("2024/13/01", '/').has_value());
  EXPECT_FALSE(ParseFixedDay("2024/00/10", '/').has_value());
  EXPECT_FALSE(ParseFixedDay("2024-02-01", '/').has_value());
  EXPECT_FALSE(ParseFixedDay("2024/2/1", '/').has_value());
  EXPECT_FALSE(ParseFixedDay("2024/0a/01", '/').has_value());
}

TEST(TextTest, FixedSecondsAreRealTimesOfDay) {
  EXPECT_EQ(ParseFixedSecond("2024-06-30T23:59:59", '-', 'T'),
            absl::CivilSecond(2024, 6, 30, 23, 59, 59));
  EXPECT_EQ(ParseFixedSecond("2024/04/01 00:00:00", '/', ' '), absl::CivilSecond(2024, 4, 1));
  EXPECT_FALSE(ParseFixedSecond("2024-06-31T10:00:00", '-', 'T').has_value());
  EXPECT_FALSE(ParseFixedSecond("2024-06-30T24:00:00", '-', 'T').has_value());
  EXPECT_FALSE(ParseFixedSecond("2024-06-30T10:60:00", '-', 'T').has_value());
  EXPECT_FALSE(ParseFixedSecond("2024-06-30T10:00:60", '-', 'T').has_value());  // leap second
  EXPECT_FALSE(ParseFixedSecond("2024-06-30 10:00:00", '-', 'T').has_value());
  EXPECT_FALSE(ParseFixedSecond("2024-06-30T10:00:00Z", '-', 'T').has_value());
  EXPECT_FALSE(ParseFixedSecond("2024-06-30T1a:00:00", '-', 'T').has_value());
}

TEST(InvalidFieldTest, NamesTheFieldInMessageAndPayload) {
  absl::Status status =
      InvalidField(JoinPath(IndexPath("cards", 2), "last_name"), "at most 100 characters");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(status.message(), "cards[2].last_name: at most 100 characters");
  EXPECT_EQ(status.GetPayload(kInvalidFieldPayloadUrl).value(), "cards[2].last_name");
  EXPECT_EQ(KeyPath("custom_fields", "not_mail_flg"), "custom_fields[\"not_mail_flg\"]");
  EXPECT_EQ(JoinPath("", "page_size"), "page_size");
}

}  // namespace
}  // namespace leadgw::backends::common
