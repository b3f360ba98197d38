// Telephone numbers as E.164 ("+81312345678"), the form in which two spellings of one
// number compare equal. Japan (+81) is the default country: business cards and forms
// write Japanese numbers nationally ("03-1234-5678", "０３（１２３４）５６７８").
#ifndef LEADGW_MATCHING_PHONE_NUMBER_H_
#define LEADGW_MATCHING_PHONE_NUMBER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::matching {

struct PhoneNumber {
  // "+" and digits: the comparison key.
  std::string e164;
  // Digits after an extension marker ("内線 123", "ext. 123", "x123", "#123"), or empty.
  // Kept apart and out of the key: the extension reaches a desk behind the same line,
  // and one company's card says "内線" where its web form has no field for it.
  std::string extension;
};

// Parses a number written in any usual way: FoldText first (full-width digits, "＋",
// "（）"), then separators (spaces, hyphens and dashes of any width, ー, dots,
// parentheses, slashes) ignored and a leading "TEL"/"tel:"/"電話" label skipped.
//   - "+81 3-1234-5678" and "+81-(0)3-1234-5678": a 0 after +81 is the trunk prefix,
//     dropped;
//   - "03-1234-5678": national, the leading 0 replaced by +81;
//   - "010-1-212-555-0100": Japan's international prefix 010, read as "+1...";
//   - "+1 212 555 0100": another country, kept as "+" and its digits ("(0)" dropped).
// A Japanese number must have the length its prefix gives: 10 digits after the 0 for
// 020/050/060/070/080/090 and 0800 numbers, 9 for all others (fixed lines, 0120, 0570).
// Another country's number has 7 to 15 digits, as E.164 allows.
// INVALID_ARGUMENT, naming the reason but not the number (numbers are personal data and
// error messages get logged), for: invalid UTF-8, no digits, other characters, a national
// number without its leading 0, too few or too many digits, an extension marker without
// digits.
absl::StatusOr<PhoneNumber> NormalizePhoneNumber(absl::string_view text);

}  // namespace leadgw::matching

#endif  // LEADGW_MATCHING_PHONE_NUMBER_H_
