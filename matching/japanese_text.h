// Unicode folding of Japanese text for comparison keys. Business cards, web forms and CRM
// records write the same name with full-width or half-width letters, half-width kana,
// ideographic spaces and hiragana or katakana readings; a key must not depend on which.
//
// Every function takes UTF-8 and answers INVALID_ARGUMENT for text that is not valid UTF-8
// (never a key built from replacement characters, which would make unrelated bad inputs
// equal). Functions are pure and thread-safe.
#ifndef LEADGW_MATCHING_JAPANESE_TEXT_H_
#define LEADGW_MATCHING_JAPANESE_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::matching {

// What FoldText does with white space (Unicode White_Space, U+3000 included, and the
// invisible U+200B-U+200D, U+2060, U+FEFF).
enum class SpacePolicy {
  // Dropped: "山田　太郎" and "山田太郎" give one key.
  kRemove,
  // Runs become one ASCII space, none at either end: for callers that still need word
  // boundaries (Latin legal-form suffixes, e-mail and phone parsing).
  kCollapse,
};

// NFKC (full-width ASCII to ASCII, half-width kana to full-width with voiced marks
// composed: "ｶﾞ" -> "ガ", "㈱" -> "(株)"), then ASCII upper case to lower case, then
// white space as `spaces` says. The spacing voiced marks ゛ and ゜ count as their
// combining forms so that "ウ゛" composes to "ヴ" like "ｳﾞ" does.
absl::StatusOr<std::string> FoldText(absl::string_view text,
                                     SpacePolicy spaces = SpacePolicy::kRemove);

// `text` without the middle dots that separate words of foreign names ("ジョン・スミス")
// and are written or left out at will: ・ ･ · ‧ ゠.
std::string RemoveMiddleDots(absl::string_view text);

// The key of a kana reading (フリガナ): FoldText, white space and middle dots removed,
// then
//   - hiragana as katakana ("やまだ" -> "ヤマダ");
//   - a long-vowel mark written as ー, -, ‐, －, ｰ, ~, ～, 〜 or a dash right after kana
//     as ー (outside kana a hyphen stays a hyphen);
//   - small kana as their large forms (ァィゥェォッャュョヮヵヶ), because readings are
//     typed both ways: "キャノン" and "キヤノン" give one key;
//   - ヴ as the バ row (ヴァ/ヴィ/ヴ/ヴェ/ヴォ -> バ/ビ/ブ/ベ/ボ, ヴュ -> ビユ, ヷヸヹヺ
//     likewise), since "ヴァイオリン" and "バイオリン" name the same thing.
// INVALID_ARGUMENT for invalid UTF-8 or for text with nothing left: an empty key would
// match every other empty record.
absl::StatusOr<std::string> KanaKey(absl::string_view text);

}  // namespace leadgw::matching

#endif  // LEADGW_MATCHING_JAPANESE_TEXT_H_
