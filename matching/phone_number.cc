#include "matching/phone_number.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "matching/japanese_text.h"

namespace leadgw::matching {
namespace {

constexpr absl::string_view kJapanCountryCode = "81";
constexpr absl::string_view kJapanInternationalPrefix = "010";
constexpr size_t kMinInternationalDigits = 7;
constexpr size_t kMaxInternationalDigits = 15;  // E.164's limit, country code included

// As FoldText leaves them (lower case). Earlier entries win where one contains another.
constexpr absl::string_view kLabels[] = {"tel:", "tel.", "tel", "電話番号", "電話"};
constexpr absl::string_view kExtensionMarkers[] = {"内線", "ext.", "ext", "x", "#"};

// Non-ASCII separators that survive NFKC; each becomes '-' before the ASCII scan.
constexpr absl::string_view kWideSeparators[] = {
    "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u30FC", "\u301C",
};

bool IsSeparator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == ':';
}

std::string ReplaceWideSeparators(absl::string_view text) {
  std::string out(text);
  for (absl::string_view separator : kWideSeparators) {
    out = absl::StrReplaceAll(out, {{separator, "-"}});
  }
  return out;
}

// The digits of `text`, which may hold separators only.
absl::StatusOr<std::string> DigitsOnly(absl::string_view text, absl::string_view part) {
  std::string digits;
  for (char c : text) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (!IsSeparator(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the ", part, " holds a character other than digits and separators"));
    }
  }
  return digits;
}

// Splits "03-1234-5678 内線 12" into the number and "12".
absl::StatusOr<std::string> TakeExtension(std::string& text) {
  size_t marker_at = std::string::npos;
  size_t marker_size = 0;
  for (absl::string_view marker : kExtensionMarkers) {
    const size_t at = absl::string_view(text).find(marker);
    if (at < marker_at) {
      marker_at = at;
      marker_size = marker.size();
    }
  }
  if (marker_at == std::string::npos) return std::string();
  LEADGW_ASSIGN_OR_RETURN(std::string extension,
                          DigitsOnly(absl::string_view(text).substr(marker_at + marker_size),
                                     "extension"));
  if (extension.empty()) {
    return absl::InvalidArgumentError("an extension marker is not followed by digits");
  }
  text.resize(marker_at);
  return extension;
}

// Digits a Japanese number has after its trunk prefix 0, by what they start with.
size_t JapaneseNationalLength(absl::string_view national) {
  constexpr absl::string_view kTenDigitPrefixes[] = {"20", "50", "60", "70", "80", "90"};
  for (absl::string_view prefix : kTenDigitPrefixes) {
    if (absl::StartsWith(national, prefix)) return 10;  // "80" covers 0800 too
  }
  return 9;
}

// `national` is a Japanese number without its trunk prefix 0.
absl::StatusOr<std::string> JapaneseE164(absl::string_view national) {
  if (national.empty() || national.front() == '0') {
    return absl::InvalidArgumentError("a Japanese number has no area code after its leading 0");
  }
  const size_t expected = JapaneseNationalLength(national);
  if (national.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a Japanese number starting 0", national.substr(0, expected == 10 ? 2 : 1), " has ",
        expected,
        " digits after its leading 0, not ", national.size(), " (too ",
        national.size() < expected ? "few" : "many", ")"));
  }
  return absl::StrCat("+", kJapanCountryCode, national);
}

// `digits` follow a "+" or Japan's international prefix: country code and number.
absl::StatusOr<std::string> InternationalE164(absl::string_view digits) {
  if (absl::ConsumePrefix(&digits, kJapanCountryCode)) {
    absl::ConsumePrefix(&digits, "0");  // "+81 03 ...": the trunk prefix written anyway
    return JapaneseE164(digits);
  }
  if (digits.empty() || digits.front() == '0') {
    return absl::InvalidArgumentError("an international number lacks its country code");
  }
  if (digits.size() < kMinInternationalDigits || digits.size() > kMaxInternationalDigits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an international number has ", kMinInternationalDigits, " to ",
        kMaxInternationalDigits, " digits, not ", digits.size()));
  }
  return absl::StrCat("+", digits);
}

}  // namespace

absl::StatusOr<PhoneNumber> NormalizePhoneNumber(absl::string_view text) {
  LEADGW_ASSIGN_OR_RETURN(const std::string folded, FoldText(text, SpacePolicy::kCollapse));
  const std::string separated = ReplaceWideSeparators(folded);
  absl::string_view unlabelled = separated;
  for (absl::string_view label : kLabels) {
    if (absl::ConsumePrefix(&unlabelled, label)) break;
  }
  while (absl::ConsumePrefix(&unlabelled, " ") || absl::ConsumePrefix(&unlabelled, ":")) {
  }
  std::string number(unlabelled);
  PhoneNumber result;
  LEADGW_ASSIGN_OR_RETURN(result.extension, TakeExtension(number));
  absl::string_view rest = absl::StripAsciiWhitespace(number);
  const bool international = absl::ConsumePrefix(&rest, "+");
  // "+81-(0)3-...", "+44 (0)20 ...": the trunk prefix callers dial only nationally.
  const std::string without_trunk =
      international ? absl::StrReplaceAll(rest, {{"(0)", ""}}) : std::string(rest);
  LEADGW_ASSIGN_OR_RETURN(const std::string digits, DigitsOnly(without_trunk, "number"));
  if (digits.empty()) return absl::InvalidArgumentError("a phone number has no digits");
  absl::string_view digit_view = digits;
  if (international) {
    LEADGW_ASSIGN_OR_RETURN(result.e164, InternationalE164(digit_view));
  } else if (absl::ConsumePrefix(&digit_view, kJapanInternationalPrefix)) {
    LEADGW_ASSIGN_OR_RETURN(result.e164, InternationalE164(digit_view));
  } else if (absl::ConsumePrefix(&digit_view, "0")) {
    LEADGW_ASSIGN_OR_RETURN(result.e164, JapaneseE164(digit_view));
  } else {
    return absl::InvalidArgumentError(
        "a phone number starts with neither + nor the leading 0 of a Japanese area code");
  }
  return result;
}

}  // namespace leadgw::matching
