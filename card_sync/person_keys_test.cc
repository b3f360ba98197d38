#include "card_sync/person_keys.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PersonKeysTest, CardKeysAreFoldedForComparison) {
  v1::BusinessCard card;
  card.set_email("Ｔａｒｏ．Ｙａｍａｄａ＠Ｅｘａｍｐｌｅ．ｊｐ");
  card.set_last_name("山田");
  card.set_first_name("太郎");
  card.set_last_name_kana("やまだ");
  card.set_first_name_kana("ﾀﾛｳ");
  card.set_company_name("山田商事㈱");
  card.set_phone("03-1234-5678");
  card.set_mobile_phone("+81 90 1234 5678");
  PersonKeys keys = KeysOfCard(card);
  EXPECT_EQ(keys.email, "taro.yamada@example.jp");
  EXPECT_FALSE(keys.name.empty());
  EXPECT_EQ(keys.name_reading, KeysOfCard([] {
                                 v1::BusinessCard katakana;
                                 katakana.set_last_name_kana("ヤマダ");
                                 katakana.set_first_name_kana("タロウ");
                                 return katakana;
                               }())
                                   .name_reading);
  EXPECT_THAT(keys.phones, ElementsAre("+81312345678", "+819012345678"));
}

TEST(PersonKeysTest, CompanyKeysIgnoreTheLegalForm) {
  v1::BusinessCard card;
  card.set_company_name("株式会社山田商事");
  v1::Lead lead;
  lead.set_company("山田商事(株)");
  EXPECT_EQ(KeysOfCard(card).company, KeysOfLead(lead).company);
  EXPECT_FALSE(KeysOfLead(lead).company.empty());
}

TEST(PersonKeysTest, UnusableFieldsGiveNoKeyInsteadOfFailing) {
  v1::Lead lead;
  lead.set_email("not an address");
  lead.set_phone("call the front desk");
  lead.set_mobile_phone("03-1234-5678");
  lead.set_company("");
  PersonKeys keys = KeysOfLead(lead);
  EXPECT_THAT(keys.email, IsEmpty());
  EXPECT_THAT(keys.name, IsEmpty());
  EXPECT_THAT(keys.name_reading, IsEmpty());
  EXPECT_THAT(keys.company, IsEmpty());
  EXPECT_THAT(keys.phones, ElementsAre("+81312345678"));
}

TEST(PersonKeysTest, AFullNameKeysLikeItsParts) {
  v1::BusinessCard parts;
  parts.set_last_name("山田");
  parts.set_first_name("太郎");
  parts.set_last_name_kana("ヤマダ");
  parts.set_first_name_kana("タロウ");
  v1::BusinessCard whole;
  whole.set_full_name("山田\u3000太郎");
  whole.set_full_name_kana("やまだ たろう");
  EXPECT_EQ(KeysOfCard(whole).name, KeysOfCard(parts).name);
  EXPECT_EQ(KeysOfCard(whole).name_reading, KeysOfCard(parts).name_reading);
}

TEST(PersonKeysTest, TheSameNumberTwiceIsOnePhone) {
  v1::Lead lead;
  lead.set_phone("03-1234-5678");
  lead.set_mobile_phone("(03) 1234-5678");
  EXPECT_THAT(KeysOfLead(lead).phones, ElementsAre("+81312345678"));
}

}  // namespace
}  // namespace leadgw::card_sync
