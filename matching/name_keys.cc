#include "matching/name_keys.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "matching/japanese_text.h"

namespace leadgw::matching {
namespace {

// As FoldText leaves them (NFKC, ASCII lower case). A longer form comes before any form it
// ends or starts with, so that 医療法人社団 is not cut to 社団.
constexpr absl::string_view kJapaneseLegalForms[] = {
    "株式会社",     "(株)",         "有限会社",         "(有)",
    "合同会社",     "(同)",         "合資会社",         "(資)",
    "合名会社",     "(名)",         "一般社団法人",     "(一社)",
    "一般財団法人", "(一財)",       "公益社団法人",     "(公社)",
    "公益財団法人", "(公財)",       "医療法人社団",     "医療法人財団",
    "医療法人",     "(医)",         "学校法人",         "(学)",
    "社会福祉法人", "(福)",         "特定非営利活動法人", "npo法人",
    "(特非)",       "(npo)",
};

// Lower case, without spaces: the text's spaces are skipped while matching, so
// "co.,ltd." matches "Co., Ltd." and "CO.,LTD.".
constexpr absl::string_view kLatinLegalSuffixes[] = {
    "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "ltd.",  "ltd", "inc.",
    "inc",      "k.k.",    "corporation",       "corp.", "corp", "llc",
};

// What separates a legal form from the name: "ソニー (株)", "Sony, Inc.", "株式会社　ソニー".
// Whole UTF-8 sequences: "、" must not be trimmed byte by byte.
constexpr absl::string_view kSeparators[] = {" ", ",", "、"};

absl::string_view TrimSeparators(absl::string_view text) {
  bool trimmed = true;
  while (trimmed) {
    trimmed = false;
    for (absl::string_view separator : kSeparators) {
      trimmed |= absl::ConsumePrefix(&text, separator);
      trimmed |= absl::ConsumeSuffix(&text, separator);
    }
  }
  return text;
}

// The byte length of the end of `text` that spells `suffix` when spaces in `text` are
// skipped, or 0.
size_t SuffixLengthIgnoringSpaces(absl::string_view text, absl::string_view suffix) {
  size_t t = text.size();
  size_t s = suffix.size();
  while (s > 0 && t > 0) {
    if (text[t - 1] == ' ') {
      --t;
    } else if (text[t - 1] == suffix[s - 1]) {
      --t;
      --s;
    } else {
      return 0;
    }
  }
  return s == 0 ? text.size() - t : 0;
}

// A Latin suffix counts only after a word boundary: the start, a space or punctuation, or
// a non-ASCII character ("ソニーInc.").
bool IsWordBoundaryBefore(absl::string_view text, size_t position) {
  if (position == 0) return true;
  const auto previous = static_cast<unsigned char>(text[position - 1]);
  return previous >= 0x80 || !absl::ascii_isalnum(previous);
}

// Removes one legal form from `name`, unless nothing would be left; true if it did.
bool StripOneLegalForm(absl::string_view& name) {
  for (absl::string_view form : kJapaneseLegalForms) {
    absl::string_view rest = name;
    if (absl::ConsumePrefix(&rest, form) || absl::ConsumeSuffix(&rest, form)) {
      rest = TrimSeparators(rest);
      if (!rest.empty()) {
        name = rest;
        return true;
      }
    }
  }
  for (absl::string_view suffix : kLatinLegalSuffixes) {
    const size_t length = SuffixLengthIgnoringSpaces(name, suffix);
    if (length == 0 || !IsWordBoundaryBefore(name, name.size() - length)) continue;
    const absl::string_view rest = TrimSeparators(name.substr(0, name.size() - length));
    if (!rest.empty()) {
      name = rest;
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::string> NonEmptyKey(std::string key, absl::string_view what) {
  if (key.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is empty"));
  return key;
}

}  // namespace

absl::StatusOr<std::string> PersonNameKey(absl::string_view full_name) {
  LEADGW_ASSIGN_OR_RETURN(const std::string folded, FoldText(full_name, SpacePolicy::kRemove));
  return NonEmptyKey(RemoveMiddleDots(folded), "person name");
}

absl::StatusOr<std::string> PersonNameKey(absl::string_view family_name,
                                          absl::string_view given_name) {
  return PersonNameKey(absl::StrCat(family_name, " ", given_name));
}

absl::StatusOr<std::string> CompanyNameKey(absl::string_view name) {
  // Spaces are kept until the legal form is gone: Latin forms need the word boundary.
  LEADGW_ASSIGN_OR_RETURN(const std::string folded, FoldText(name, SpacePolicy::kCollapse));
  absl::string_view rest = TrimSeparators(folded);
  if (rest.empty()) return absl::InvalidArgumentError("company name is empty");
  // "株式会社ソニー Co., Ltd." carries two forms; each pass removes one.
  while (StripOneLegalForm(rest)) {
  }
  return KanaKey(rest);
}

}  // namespace leadgw::matching
