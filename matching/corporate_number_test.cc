#include "matching/corporate_number.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::matching {
namespace {

using ::testing::HasSubstr;

// The National Tax Agency's own corporate number, as it publishes it.
constexpr char kNationalTaxAgency[] = "7000012050002";

std::string ErrorOf(absl::string_view text) {
  absl::StatusOr<std::string> key = CorporateNumberKey(text);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << text;
  return std::string(key.status().message());
}

TEST(CorporateNumberKeyTest, AcceptsPublishedNumbersInAnySpelling) {
  for (const char* spelling : {"7000012050002", "７００００１２０５０００２", "7 0000 1205 0002",
                               "7-0000-1205-0002", "　7000012050002　"}) {
    absl::StatusOr<std::string> key = CorporateNumberKey(spelling);
    ASSERT_TRUE(key.ok()) << spelling << ": " << key.status();
    EXPECT_EQ(*key, kNationalTaxAgency);
  }
}

TEST(CorporateNumberKeyTest, CheckDigitUsesWeightsFromTheRight) {
  // Base numbers whose weighted sums reach 0 mod 9 and other remainders, so both ends of
  // 9 - (sum mod 9) are exercised: 000000000000 -> 9, 000000000009 -> 9, 100000000000 -> 7.
  for (const char* valid : {"9000000000000", "9000000000009", "7100000000000", "8000000000001",
                            "7000000000010"}) {
    EXPECT_TRUE(CorporateNumberKey(valid).ok()) << valid;
  }
}

bool SwapsZeroAndNine(char a, char b) { return (a == '0' && b == '9') || (a == '9' && b == '0'); }

TEST(CorporateNumberKeyTest, SingleMistypedDigitsAreRejectedButZeroForNine) {
  const std::string number = kNationalTaxAgency;
  for (size_t position = 0; position < number.size(); ++position) {
    for (char digit = '0'; digit <= '9'; ++digit) {
      // A 0/9 swap changes the weighted sum by 9 or 18: the formula cannot see it.
      if (digit == number[position] || (position > 0 && SwapsZeroAndNine(digit, number[position]))) {
        continue;
      }
      std::string typo = number;
      typo[position] = digit;
      EXPECT_THAT(ErrorOf(typo), HasSubstr("check digit")) << typo;
    }
  }
}

TEST(CorporateNumberKeyTest, ZeroForNineSlipsThroughAsTheFormulaDefines) {
  EXPECT_TRUE(CorporateNumberKey("7900012050002").ok());
}

TEST(CorporateNumberKeyTest, WrongLengthOrCharactersAreInvalidArgument) {
  EXPECT_THAT(ErrorOf("700001205000"), HasSubstr("13 digits, not 12"));
  EXPECT_THAT(ErrorOf("70000120500021"), HasSubstr("13 digits, not 14"));
  EXPECT_THAT(ErrorOf(""), HasSubstr("not 0"));
  EXPECT_THAT(ErrorOf("T7000012050002"), HasSubstr("character other than"));
  EXPECT_THAT(ErrorOf("7000012050002\xff"), HasSubstr("UTF-8"));
}

}  // namespace
}  // namespace leadgw::matching
