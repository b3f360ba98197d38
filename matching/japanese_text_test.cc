#include "matching/japanese_text.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::matching {
namespace {

using ::testing::HasSubstr;

std::string Folded(absl::string_view text, SpacePolicy spaces = SpacePolicy::kRemove) {
  absl::StatusOr<std::string> folded = FoldText(text, spaces);
  EXPECT_TRUE(folded.ok()) << folded.status();
  return folded.value_or("<error>");
}

std::string Kana(absl::string_view text) {
  absl::StatusOr<std::string> key = KanaKey(text);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.value_or("<error>");
}

TEST(FoldTextTest, FullWidthAsciiBecomesLowerCaseAscii) {
  EXPECT_EQ(Folded("ＳＯＮＹ　１２３＠ＥＸＡＭＰＬＥ．ＣＯＭ"), "sony123@example.com");
}

TEST(FoldTextTest, HalfWidthKanaBecomesFullWidthWithVoicedMarksComposed) {
  EXPECT_EQ(Folded("ｶﾞｽ"), "ガス");
  EXPECT_EQ(Folded("ﾊﾟｿｺﾝ"), "パソコン");
  EXPECT_EQ(Folded("ｿﾆｰ"), "ソニー");
}

TEST(FoldTextTest, SpacingVoicedMarksComposeLikeHalfWidthOnes) {
  EXPECT_EQ(Folded("ウ゛ァイオリン"), "ヴァイオリン");
  EXPECT_EQ(Folded("ハ゜ン"), "パン");
}

TEST(FoldTextTest, EnclosedLegalFormsExpand) {
  EXPECT_EQ(Folded("㈱"), "(株)");
  EXPECT_EQ(Folded("㈲"), "(有)");
  EXPECT_EQ(Folded("㍿"), "株式会社");
  EXPECT_EQ(Folded("（株）"), "(株)");
}

TEST(FoldTextTest, RemovesEveryKindOfWhiteSpace) {
  EXPECT_EQ(Folded(" 山田\u3000太郎\t\n\u00A0\u200B様 "), "山田太郎様");
}

TEST(FoldTextTest, CollapsesWhiteSpaceWhenAsked) {
  EXPECT_EQ(Folded("  Sony\u3000\u3000 Corp.\t", SpacePolicy::kCollapse), "sony corp.");
  EXPECT_EQ(Folded("\u3000 ", SpacePolicy::kCollapse), "");
}

TEST(FoldTextTest, LowerCasesOnlyAscii) {
  // Non-ASCII case folding would depend on locale (Turkish dotless i); kept as written.
  EXPECT_EQ(Folded("ÄBC"), "Äbc");
}

TEST(FoldTextTest, EmptyTextFoldsToEmpty) { EXPECT_EQ(Folded(""), ""); }

TEST(FoldTextTest, InvalidUtf8IsInvalidArgument) {
  for (const std::string& bad : {std::string("\xff"), std::string("山\xe5\xb1"),
                                std::string("\xc0\xaf"), std::string("\xed\xa0\x80")}) {
    absl::StatusOr<std::string> folded = FoldText(bad);
    EXPECT_EQ(folded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(folded.status().message()), HasSubstr("UTF-8"));
  }
}

TEST(RemoveMiddleDotsTest, RemovesAllMiddleDotForms) {
  EXPECT_EQ(RemoveMiddleDots("ジョン・スミス"), "ジョンスミス");
  EXPECT_EQ(RemoveMiddleDots("a·b‧c゠d"), "abcd");
}

TEST(KanaKeyTest, HiraganaBecomesKatakana) {
  EXPECT_EQ(Kana("やまだ たろう"), "ヤマダタロウ");
  EXPECT_EQ(Kana("ゝゞ"), "ヽヾ");
}

TEST(KanaKeyTest, LongMarkVariantsAfterKanaBecomeOneMark) {
  for (const char* spelling : {"ソニー", "ソニｰ", "ソニ－", "ソニ-", "ソニ‐", "ソニ～",
                               "ソニ〜", "ソニ—", "ソニ−", "そに～"}) {
    EXPECT_EQ(Kana(spelling), "ソニー") << spelling;
  }
}

TEST(KanaKeyTest, HyphenOutsideKanaStaysAHyphen) { EXPECT_EQ(Kana("A-1"), "a-1"); }

TEST(KanaKeyTest, SmallKanaBecomeLarge) {
  EXPECT_EQ(Kana("キャノン"), "キヤノン");
  EXPECT_EQ(Kana("ァィゥェォッャュョヮヵヶ"), "アイウエオツヤユヨワカケ");
  EXPECT_EQ(Kana("ぁぃぅぇぉっゃゅょゎゕゖ"), "アイウエオツヤユヨワカケ");
}

TEST(KanaKeyTest, VuReadsAsTheBaRow) {
  EXPECT_EQ(Kana("ヴァイオリン"), Kana("バイオリン"));
  EXPECT_EQ(Kana("ヴィーナス"), Kana("ビーナス"));
  EXPECT_EQ(Kana("ヴェール"), Kana("ベール"));
  EXPECT_EQ(Kana("ヴォーカル"), Kana("ボーカル"));
  EXPECT_EQ(Kana("ヴ"), "ブ");
  EXPECT_EQ(Kana("ヴュー"), Kana("ビュー"));
  EXPECT_EQ(Kana("ゔぁ"), "バ");
  EXPECT_EQ(Kana("ｳﾞｧｲｵﾘﾝ"), Kana("バイオリン"));
  EXPECT_EQ(Kana("ヷヸヹヺ"), "バビベボ");
}

TEST(KanaKeyTest, DropsSpacesAndMiddleDots) {
  EXPECT_EQ(Kana("ジョン・スミス"), Kana("ジョン　スミス"));
  EXPECT_EQ(Kana("ｼﾞｮﾝ･ｽﾐｽ"), "ジヨンスミス");
}

TEST(KanaKeyTest, EmptyOrInvalidIsInvalidArgument) {
  EXPECT_EQ(KanaKey("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KanaKey(" ・ ").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KanaKey("\xe3\x81").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leadgw::matching
