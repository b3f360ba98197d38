#include "card_sync/card_matching.h"

#include "gtest/gtest.h"

namespace leadgw::card_sync {
namespace {

PersonKeys Keys(std::string email, std::string name, std::string company,
                std::vector<std::string> phones, std::string reading = "") {
  PersonKeys keys;
  keys.email = std::move(email);
  keys.name = std::move(name);
  keys.name_reading = std::move(reading);
  keys.company = std::move(company);
  keys.phones = std::move(phones);
  return keys;
}

void ExpectScore(const PersonKeys& a, const PersonKeys& b, double confidence, MatchBasis basis) {
  for (const MatchScore& score : {ScoreMatch(a, b), ScoreMatch(b, a)}) {
    EXPECT_DOUBLE_EQ(score.confidence, confidence);
    EXPECT_EQ(score.basis, basis) << MatchBasisName(score.basis);
  }
}

TEST(CardMatchingTest, TheSameEmailIsTheSamePersonWhateverElseDiffers) {
  ExpectScore(Keys("t@example.jp", "山田太郎", "山田商事", {"+81312345678"}),
              Keys("t@example.jp", "ヤマダタロウ", "", {}), 1.0, MatchBasis::kEmail);
}

TEST(CardMatchingTest, NameCompanyAndPhoneWithoutEmail) {
  ExpectScore(Keys("", "山田太郎", "山田商事", {"+81312345678", "+819011112222"}),
              Keys("t@example.jp", "山田太郎", "山田商事", {"+819011112222"}), 0.95,
              MatchBasis::kNameCompanyPhone);
}

TEST(CardMatchingTest, TheReadingStandsInForTheWrittenName) {
  ExpectScore(Keys("", "山田太郎", "山田商事", {"+81312345678"}, "ヤマダタロウ"),
              Keys("", "山田たろう", "山田商事", {"+81312345678"}, "ヤマダタロウ"), 0.95,
              MatchBasis::kNameCompanyPhone);
}

TEST(CardMatchingTest, NameAndCompanyWhenOneSideHasNoPhone) {
  ExpectScore(Keys("", "山田太郎", "山田商事", {"+81312345678"}),
              Keys("", "山田太郎", "山田商事", {}), 0.85, MatchBasis::kNameCompany);
}

TEST(CardMatchingTest, NameAndPhoneAfterAChangeOfCompany) {
  ExpectScore(Keys("", "山田太郎", "山田商事", {"+819011112222"}),
              Keys("", "山田太郎", "川口物産", {"+819011112222"}), 0.80, MatchBasis::kNamePhone);
}

TEST(CardMatchingTest, DifferentPhonesAtOneCompanyAreOnlyForReview) {
  MatchScore score = ScoreMatch(Keys("", "山田太郎", "山田商事", {"+81312345678"}),
                                Keys("", "山田太郎", "山田商事", {"+81398765432"}));
  EXPECT_EQ(score.basis, MatchBasis::kConflicting);
  EXPECT_LT(score.confidence, kLinkThreshold);
}

TEST(CardMatchingTest, NamesakesWithTheirOwnEmailsAreNeverLinked) {
  MatchScore score = ScoreMatch(Keys("a@example.jp", "山田太郎", "山田商事", {"+81312345678"}),
                                Keys("b@example.jp", "山田太郎", "山田商事", {"+81312345678"}));
  EXPECT_EQ(score.basis, MatchBasis::kConflicting);
  EXPECT_LT(score.confidence, kLinkThreshold);
}

TEST(CardMatchingTest, ANameAloneOrEmptyKeysAreNoMatch) {
  ExpectScore(Keys("", "山田太郎", "山田商事", {}), Keys("", "山田太郎", "川口物産", {}), 0.0,
              MatchBasis::kNone);
  ExpectScore(Keys("", "", "", {}), Keys("", "", "", {}), 0.0, MatchBasis::kNone);
  ExpectScore(Keys("", "", "山田商事", {"+81312345678"}), Keys("", "", "山田商事", {"+81312345678"}),
              0.0, MatchBasis::kNone);
}

}  // namespace
}  // namespace leadgw::card_sync
