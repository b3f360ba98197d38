#include "card_sync/card_to_lead.h"

#include "gtest/gtest.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

v1::BusinessCard Card(std::string id, int64_t updated) {
  v1::BusinessCard card;
  card.set_id(std::move(id));
  card.mutable_updated_at()->set_seconds(updated);
  return card;
}

TEST(CardToLeadTest, TheNewestCardWinsAndOlderCardsFillGaps) {
  v1::BusinessCard old_card = Card("10", 100);
  old_card.set_email("old@example.jp");
  old_card.set_last_name("山田");
  old_card.set_mobile_phone("090-1111-2222");
  old_card.set_company_name("株式会社山田商事");
  v1::BusinessCard new_card = Card("11", 200);
  new_card.set_email("new@example.jp");
  new_card.set_last_name("山田");
  new_card.set_first_name("太郎");
  new_card.set_company_name("山田商事株式会社");
  new_card.set_title("部長");
  new_card.mutable_address()->set_city("千代田区");
  new_card.mutable_address()->set_prefecture_code(13);

  v1::Lead lead = LeadFromCards({&old_card, &new_card});
  EXPECT_EQ(lead.email(), "new@example.jp");
  EXPECT_EQ(lead.first_name(), "太郎");
  EXPECT_EQ(lead.company(), "山田商事株式会社");
  EXPECT_EQ(lead.title(), "部長");
  EXPECT_EQ(lead.mobile_phone(), "090-1111-2222");
  EXPECT_EQ(lead.address().city(), "千代田区");
  // Lead backends without prefecture codes refuse them: not carried.
  EXPECT_FALSE(lead.address().has_prefecture_code());
  EXPECT_FALSE(lead.has_phone());
}

TEST(CardToLeadTest, AddressesAndPhonesTypedFullWidthArePushedInAscii) {
  v1::BusinessCard card = Card("1", 1);
  card.set_email("Ｔａｒｏ．Ｙａｍａｄａ＠Ｅｘａｍｐｌｅ．ｊｐ");
  card.set_phone("０３－１２３４－５６７８");
  card.set_mobile_phone("090 1234　5678");
  v1::Lead lead = LeadFromCards({&card});
  EXPECT_EQ(lead.email(), "taro.yamada@example.jp");
  EXPECT_EQ(lead.phone(), "03-1234-5678");
  EXPECT_EQ(lead.mobile_phone(), "090 1234 5678");

  card.set_email("受付まで");
  EXPECT_FALSE(LeadFromCards({&card}).has_email());
}

TEST(CardToLeadTest, ReadingsAndCardOnlyFieldsAreNotPushed) {
  v1::BusinessCard card = Card("1", 1);
  card.set_last_name("山田");
  card.set_last_name_kana("ヤマダ");
  card.set_note("展示会で名刺交換");
  card.set_exchange_date("2026-11-20");
  v1::Lead lead = LeadFromCards({&card});
  EXPECT_FALSE(lead.has_last_name_kana());
  EXPECT_FALSE(lead.has_note());
  EXPECT_EQ(lead.last_name(), "山田");
}

TEST(CardToLeadTest, EqualTimesAreOrderedById) {
  EXPECT_TRUE(NewerCard(Card("12", 5), Card("9", 5)));
  EXPECT_FALSE(NewerCard(Card("9", 5), Card("12", 5)));
  EXPECT_TRUE(NewerCard(Card("1", 6), Card("12", 5)));
}

TEST(CardToLeadTest, FingerprintsAreStableAndSeeTheProgram) {
  v1::BusinessCard card = Card("1", 1);
  card.set_email("t@example.jp");
  card.set_last_name("山田");
  const std::string fingerprint = CardFingerprint(card, "2026 展示会");
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(fingerprint, "a099f13a65314a06");  // pinned: stored fingerprints outlive builds
  EXPECT_EQ(fingerprint, CardFingerprint(card, "2026 展示会"));
  EXPECT_NE(fingerprint, CardFingerprint(card, "2027 展示会"));
  v1::BusinessCard changed = card;
  changed.set_title("部長");
  EXPECT_NE(fingerprint, CardFingerprint(changed, "2026 展示会"));
}

}  // namespace
}  // namespace leadgw::card_sync
