#include "matching/name_keys.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace leadgw::matching {
namespace {

std::string Person(absl::string_view name) {
  absl::StatusOr<std::string> key = PersonNameKey(name);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.value_or("<error>");
}

std::string Company(absl::string_view name) {
  absl::StatusOr<std::string> key = CompanyNameKey(name);
  EXPECT_TRUE(key.ok()) << name << ": " << key.status();
  return key.value_or("<error>");
}

TEST(PersonNameKeyTest, SpacesAndWidthDoNotMatter) {
  EXPECT_EQ(Person("山田 太郎"), "山田太郎");
  EXPECT_EQ(Person("山田　太郎"), "山田太郎");
  EXPECT_EQ(Person(" 山田太郎 "), "山田太郎");
  EXPECT_EQ(Person("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
  EXPECT_EQ(Person("ＴＡＲＯ　ＹＡＭＡＤＡ"), "taroyamada");
}

TEST(PersonNameKeyTest, FamilyAndGivenGiveTheFullNameKey) {
  absl::StatusOr<std::string> parts = PersonNameKey("山田", "太郎");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(*parts, Person("山田　太郎"));
  absl::StatusOr<std::string> family_only = PersonNameKey("山田", "");
  ASSERT_TRUE(family_only.ok()) << family_only.status();
  EXPECT_EQ(*family_only, "山田");
}

TEST(PersonNameKeyTest, KeepsKanaSizeAndScript) {
  EXPECT_NE(Person("キョウコ"), Person("キヨウコ"));
  EXPECT_NE(Person("ひろし"), Person("ヒロシ"));
}

TEST(PersonNameKeyTest, DropsMiddleDots) { EXPECT_EQ(Person("ジョン・スミス"), "ジョンスミス"); }

TEST(PersonNameKeyTest, EmptyOrInvalidIsInvalidArgument) {
  EXPECT_EQ(PersonNameKey("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PersonNameKey("\u3000").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PersonNameKey("", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PersonNameKey("山\xff").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompanyNameKeyTest, StripsEveryJapaneseLegalFormBeforeOrAfter) {
  for (const char* form :
       {"株式会社", "(株)", "（株）", "㈱", "㍿", "有限会社", "(有)", "㈲", "合同会社",
        "(同)", "合資会社", "(資)", "合名会社", "(名)", "一般社団法人", "(一社)",
        "一般財団法人", "(一財)", "公益社団法人", "(公社)", "公益財団法人", "(公財)",
        "医療法人", "医療法人社団", "医療法人財団", "(医)", "学校法人", "(学)",
        "社会福祉法人", "(福)", "特定非営利活動法人", "NPO法人", "ＮＰＯ法人", "(特非)"}) {
    EXPECT_EQ(Company(std::string(form) + "さくら"), "サクラ") << form;
    EXPECT_EQ(Company("さくら" + std::string(form)), "サクラ") << form;
    EXPECT_EQ(Company(std::string(form) + "　さくら"), "サクラ") << form;
  }
}

TEST(CompanyNameKeyTest, StripsLatinLegalFormsAtTheEnd) {
  for (const char* name : {"Sony Co., Ltd.", "SONY CO.,LTD.", "Sony Co.,Ltd", "Sony Co. Ltd.",
                           "Sony, Inc.", "Sony Inc", "Sony K.K.", "Sony Corporation",
                           "Sony Corp.", "SONY CORP", "Sony LLC", "Sony Ltd.",
                           "Ｓｏｎｙ　Ｃｏ．，Ｌｔｄ．"}) {
    EXPECT_EQ(Company(name), "sony") << name;
  }
}

TEST(CompanyNameKeyTest, LatinFormNeedsAWordBoundary) {
  EXPECT_EQ(Company("Zinc"), "zinc");
  EXPECT_EQ(Company("Datacorp"), "datacorp");
  EXPECT_EQ(Company("ソニーInc."), "ソニー");
}

TEST(CompanyNameKeyTest, StripsALegalFormOnEachSide) {
  EXPECT_EQ(Company("株式会社ソニー Co., Ltd."), "ソニー");
}

TEST(CompanyNameKeyTest, NeverStripsEverything) {
  EXPECT_EQ(Company("株式会社"), "株式会社");
  EXPECT_EQ(Company("(株)"), "(株)");
  EXPECT_EQ(Company("Inc."), "inc.");
  EXPECT_EQ(Company("株式会社 Corporation"), "corporation");
}

TEST(CompanyNameKeyTest, FoldsKanaLikeKanaKey) {
  EXPECT_EQ(Company("キヤノン株式会社"), Company("キャノン"));
  EXPECT_EQ(Company("富士フイルム株式会社"), Company("富士フィルム(株)"));
  EXPECT_EQ(Company("ｿﾆｰ㈱"), "ソニー");
}

TEST(CompanyNameKeyTest, KeepsTheRestOfTheName) {
  EXPECT_EQ(Company("ソニー生命保険株式会社"), "ソニー生命保険");
  EXPECT_EQ(Company("株式会社三菱UFJ銀行"), "三菱ufj銀行");
}

TEST(CompanyNameKeyTest, EmptyOrInvalidIsInvalidArgument) {
  EXPECT_EQ(CompanyNameKey("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompanyNameKey(" 、 ").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompanyNameKey("\xe6\xa0").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leadgw::matching
