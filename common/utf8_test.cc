#include "common/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace leadgw {
namespace {

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("山田太郎"), 4u);  // 12 bytes
  EXPECT_EQ(Utf8Length("ヤマダ ﾀﾛｳ"), 7u);
  EXPECT_EQ(Utf8Length("é😀"), 2u);  // 2- and 4-byte sequences
  std::string hundred_kanji;
  for (int i = 0; i < 100; ++i) hundred_kanji += "漢";
  EXPECT_EQ(Utf8Length(hundred_kanji), 100u);
}

TEST(Utf8Test, RejectsInvalidUtf8) {
  EXPECT_FALSE(Utf8Length("\xff").has_value());
  EXPECT_FALSE(Utf8Length("\xe5\xb1").has_value());      // truncated
  EXPECT_FALSE(Utf8Length("\xc0\xaf").has_value());      // overlong '/'
  EXPECT_FALSE(Utf8Length("\xed\xa0\x80").has_value());  // surrogate
  EXPECT_FALSE(Utf8Length("a\x80").has_value());         // stray continuation
}

TEST(Utf8Test, LenientCountMatchesForValidText) {
  EXPECT_EQ(Utf8CharCount("山田 タロウ"), 6u);
  EXPECT_EQ(Utf8CharCount("\xF0\x9F\x98\x80"), 1u);
}

TEST(Utf8Test, PrefixBytesCountsWholeCharacters) {
  EXPECT_EQ(Utf8PrefixBytes("山田太郎", 2), 6u);
  EXPECT_EQ(Utf8PrefixBytes("ab", 5), 2u);
  EXPECT_EQ(Utf8PrefixBytes("abc", 0), 0u);
}

TEST(Utf8Test, TruncateNeverSplitsACharacter) {
  EXPECT_EQ(Utf8Truncate("山田太郎", 7), "山田");  // byte 7 is inside 太
  EXPECT_EQ(Utf8Truncate("山田", 6), "山田");
  EXPECT_EQ(Utf8Truncate("abc", 2), "ab");
  EXPECT_EQ(Utf8Truncate("山", 2), "");
}

}  // namespace
}  // namespace leadgw
