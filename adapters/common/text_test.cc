#include "adapters/common/text.h"

#include <string>

#include "adapters/common/invalid_field.h"
#include "gtest/gtest.h"

namespace leadgw::adapters::common {
namespace {

TEST(TextTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("山田太郎"), 4u);  // 12 bytes
  EXPECT_EQ(Utf8Length("ヤマダ ﾀﾛｳ"), 7u);
  EXPECT_EQ(Utf8Length("é😀"), 2u);  // 2- and 4-byte sequences
  std::string hundred_kanji;
  for (int i = 0; i < 100; ++i) hundred_kanji += "漢";
  EXPECT_EQ(Utf8Length(hundred_kanji), 100u);
}

TEST(TextTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(Utf8Length("\xff").has_value());
  EXPECT_FALSE(Utf8Length("\xe5\xb1").has_value());      // truncated
  EXPECT_FALSE(Utf8Length("\xc0\xaf").has_value());      // overlong '/'
  EXPECT_FALSE(Utf8Length("\xed\xa0\x80").has_value());  // surrogate
  EXPECT_FALSE(Utf8Length("a\x80").has_value());         // stray continuation
}

TEST(TextTest, Digits) {
  EXPECT_TRUE(IsDigits("0123"));
  EXPECT_FALSE(IsDigits(""));
  EXPECT_FALSE(IsDigits("12a"));
  EXPECT_FALSE(IsDigits("-1"));
}

TEST(InvalidFieldTest, NamesTheFieldInMessageAndPayload) {
  absl::Status status =
      InvalidField(JoinPath(IndexPath("cards", 2), "last_name"), "at most 100 characters");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "cards[2].last_name: at most 100 characters");
  EXPECT_EQ(status.GetPayload(kInvalidFieldPayloadUrl).value(), "cards[2].last_name");
  EXPECT_EQ(KeyPath("custom_fields", "not_mail_flg"), "custom_fields[\"not_mail_flg\"]");
  EXPECT_EQ(JoinPath("", "page_size"), "page_size");
}

}  // namespace
}  // namespace leadgw::adapters::common
