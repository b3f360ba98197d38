#include "matching/phone_number.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::matching {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

PhoneNumber Parsed(absl::string_view text) {
  absl::StatusOr<PhoneNumber> number = NormalizePhoneNumber(text);
  EXPECT_TRUE(number.ok()) << text << ": " << number.status();
  return number.value_or(PhoneNumber{"<error>", "<error>"});
}

std::string E164(absl::string_view text) { return Parsed(text).e164; }

std::string ErrorOf(absl::string_view text) {
  absl::StatusOr<PhoneNumber> number = NormalizePhoneNumber(text);
  EXPECT_EQ(number.status().code(), absl::StatusCode::kInvalidArgument) << text;
  return std::string(number.status().message());
}

TEST(NormalizePhoneNumberTest, JapaneseSpellingsOfOneFixedLine) {
  for (const char* spelling :
       {"03-1234-5678", "0312345678", "03 1234 5678", "(03)1234-5678", "03(1234)5678",
        "０３（１２３４）５６７８", "０３－１２３４－５６７８", "03‐1234‐5678", "03ー1234ー5678",
        "03.1234.5678", "+81 3 1234 5678", "+81-3-1234-5678", "+81-(0)3-1234-5678",
        "+81 (0)3 1234 5678", "+81 03 1234 5678", "＋８１３１２３４５６７８", "TEL 03-1234-5678",
        "Tel: 03-1234-5678", "tel:+81-3-1234-5678", "電話：＋８１ ３ １２３４ ５６７８", "TEL．03-1234-5678", "電話：03-1234-5678"}) {
    EXPECT_EQ(E164(spelling), "+81312345678") << spelling;
  }
}

TEST(NormalizePhoneNumberTest, JapaneseNumberKinds) {
  EXPECT_EQ(E164("090-1234-5678"), "+819012345678");
  EXPECT_EQ(E164("080-1234-5678"), "+818012345678");
  EXPECT_EQ(E164("070-1234-5678"), "+817012345678");
  EXPECT_EQ(E164("050-1234-5678"), "+815012345678");
  EXPECT_EQ(E164("0120-123-456"), "+81120123456");
  EXPECT_EQ(E164("0800-123-4567"), "+818001234567");
  EXPECT_EQ(E164("0570-000-123"), "+81570000123");
  EXPECT_EQ(E164("06-6123-4567"), "+81661234567");
  EXPECT_EQ(E164("011-123-4567"), "+81111234567");
  EXPECT_EQ(E164("0798-12-3456"), "+81798123456");
}

TEST(NormalizePhoneNumberTest, OtherCountriesKeepTheirDigits) {
  EXPECT_EQ(E164("+1 (212) 555-0100"), "+12125550100");
  EXPECT_EQ(E164("+44 (0)20 7946 0000"), "+442079460000");
  EXPECT_EQ(E164("010-1-212-555-0100"), "+12125550100");
  EXPECT_EQ(E164("010 81 3 1234 5678"), "+81312345678");
}

TEST(NormalizePhoneNumberTest, ExtensionIsSeparateAndNotInTheKey) {
  for (const char* spelling : {"03-1234-5678 内線123", "03-1234-5678（内線 123）",
                               "03-1234-5678 ext. 123", "03-1234-5678 EXT123",
                               "03-1234-5678 x123", "03-1234-5678#123", "03-1234-5678 ｘ１２３"}) {
    const PhoneNumber number = Parsed(spelling);
    EXPECT_EQ(number.e164, "+81312345678") << spelling;
    EXPECT_EQ(number.extension, "123") << spelling;
  }
  EXPECT_EQ(Parsed("03-1234-5678").extension, "");
}

TEST(NormalizePhoneNumberTest, TooFewOrTooManyDigitsNameTheReason) {
  EXPECT_THAT(ErrorOf("03-1234-567"), AllOf(HasSubstr("too few"), HasSubstr("9 digits")));
  EXPECT_THAT(ErrorOf("03-1234-56789"), HasSubstr("too many"));
  EXPECT_THAT(ErrorOf("090-1234-567"), AllOf(HasSubstr("too few"), HasSubstr("10 digits")));
  EXPECT_THAT(ErrorOf("090-1234-56789"), HasSubstr("too many"));
  EXPECT_THAT(ErrorOf("0120-123-4567"), HasSubstr("too many"));
  EXPECT_THAT(ErrorOf("+81 3 1234 567"), HasSubstr("too few"));
  EXPECT_THAT(ErrorOf("+1 212"), HasSubstr("7 to 15 digits"));
  EXPECT_THAT(ErrorOf("+1 2125 5501 0012 3456"), HasSubstr("7 to 15 digits"));
}

TEST(NormalizePhoneNumberTest, ErrorsDoNotRepeatTheNumber) {
  EXPECT_THAT(ErrorOf("03-1234-56789"), Not(HasSubstr("1234")));
  EXPECT_THAT(ErrorOf("1234-5678"), Not(HasSubstr("1234")));
}

TEST(NormalizePhoneNumberTest, OtherMistakesAreInvalidArgument) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("no digits"));
  EXPECT_THAT(ErrorOf("TEL"), HasSubstr("no digits"));
  EXPECT_THAT(ErrorOf("1234-5678"), HasSubstr("leading 0"));
  EXPECT_THAT(ErrorOf("00-1234-5678"), HasSubstr("area code"));
  EXPECT_THAT(ErrorOf("03-1234-5678 代表"), HasSubstr("character other than"));
  EXPECT_THAT(ErrorOf("03-1234-ABCD"), HasSubstr("character other than"));
  EXPECT_THAT(ErrorOf("03+1234+5678"), HasSubstr("character other than"));
  EXPECT_THAT(ErrorOf("03-1234-5678 内線"), HasSubstr("extension marker"));
  EXPECT_THAT(ErrorOf("03-1234-5678 ext. 12a"), HasSubstr("character other than"));
  EXPECT_THAT(ErrorOf("+0 3 1234 5678"), HasSubstr("country code"));
  EXPECT_THAT(ErrorOf("03\xff"), HasSubstr("UTF-8"));
}

}  // namespace
}  // namespace leadgw::matching
