// Comparison keys of person and company names. Two records whose keys are equal name the
// same person or company as far as spelling goes; a key is never shown to anyone.
//
// Errors: INVALID_ARGUMENT for invalid UTF-8 and for names with nothing left to compare
// (an empty key would match every other empty record). Pure and thread-safe.
#ifndef LEADGW_MATCHING_NAME_KEYS_H_
#define LEADGW_MATCHING_NAME_KEYS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::matching {

// Key of a person's full name as written ("山田 太郎", "山田太郎", "山田　太郎",
// "ﾔﾏﾀﾞ ﾀﾛｳ"): FoldText with white space and middle dots removed. Script and kana
// size are kept as written, since "キヨウコ" and "キョウコ" are different given names;
// compare readings with KanaKey instead. Word order is kept too: "Taro Yamada" and
// "Yamada Taro" differ, because which word is the family name cannot be told from the text.
absl::StatusOr<std::string> PersonNameKey(absl::string_view full_name);

// The same key from separate fields: PersonNameKey(family, given) equals
// PersonNameKey(family + " " + given). Either part may be empty, not both.
absl::StatusOr<std::string> PersonNameKey(absl::string_view family_name,
                                          absl::string_view given_name);

// Key of a company name without its legal form, so that "株式会社ソニー", "ソニー株式会社",
// "ソニー(株)", "ｿﾆｰ㈱" and "Sony Corporation"/"SONY Corp." pair up within their script:
//   - FoldText (㈱ and （株） become (株), ㍿ becomes 株式会社);
//   - Japanese legal forms (株式会社, (株), 有限会社, (有), 合同会社, 合資会社, 合名会社,
//     一般/公益 社団/財団法人, 医療法人, 学校法人, 社会福祉法人, 特定非営利活動法人,
//     NPO法人 and their bracketed abbreviations) removed at the start or the end;
//   - Latin legal forms (Co., Ltd. in its spellings, Inc., K.K., Corporation, Corp., LLC,
//     Ltd.) removed at the end when a word boundary precedes them ("Zinc" keeps its
//     "inc");
//   - then KanaKey's kana folding, because registered names write large kana where people
//     write small ones (キヤノン/キャノン, 富士フイルム/富士フィルム, キユーピー/キューピー).
// A legal form is never removed when nothing would be left: "株式会社" keys as itself.
absl::StatusOr<std::string> CompanyNameKey(absl::string_view name);

}  // namespace leadgw::matching

#endif  // LEADGW_MATCHING_NAME_KEYS_H_
