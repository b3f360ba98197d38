#include "matching/corporate_number.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "matching/japanese_text.h"

namespace leadgw::matching {
namespace {

constexpr size_t kCorporateNumberDigits = 13;

// `base` is the 12-digit base number.
int CheckDigit(absl::string_view base) {
  int sum = 0;
  for (size_t n = 1; n <= base.size(); ++n) {
    const int digit = base[base.size() - n] - '0';
    sum += digit * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9;
}

}  // namespace

absl::StatusOr<std::string> CorporateNumberKey(absl::string_view text) {
  LEADGW_ASSIGN_OR_RETURN(const std::string folded, FoldText(text, SpacePolicy::kRemove));
  std::string digits;
  for (char c : folded) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != '-') {
      return absl::InvalidArgumentError(
          "a corporate number holds a character other than digits and hyphens");
    }
  }
  if (digits.size() != kCorporateNumberDigits) {
    return absl::InvalidArgumentError(absl::StrCat("a corporate number has ",
                                                   kCorporateNumberDigits, " digits, not ",
                                                   digits.size()));
  }
  const absl::string_view base = absl::string_view(digits).substr(1);
  if (digits.front() - '0' != CheckDigit(base)) {
    return absl::InvalidArgumentError(
        "the corporate number's check digit (its first digit) does not match the other 12");
  }
  return digits;
}

}  // namespace leadgw::matching
