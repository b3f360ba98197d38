#include "matching/japanese_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"
#include "common/utf8.h"

namespace leadgw::matching {
namespace {

constexpr UChar32 kCombiningVoicedMark = 0x3099;
constexpr UChar32 kCombiningSemiVoicedMark = 0x309A;
constexpr UChar32 kSpacingVoicedMark = 0x309B;
constexpr UChar32 kSpacingSemiVoicedMark = 0x309C;
constexpr UChar32 kProlongedSoundMark = 0x30FC;  // ー
constexpr UChar32 kKatakanaVu = 0x30F4;          // ヴ
constexpr UChar32 kHiraganaToKatakana = 0x60;

bool IsInvisibleSpace(UChar32 c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

bool IsSpace(UChar32 c) { return u_isUWhiteSpace(c) || IsInvisibleSpace(c); }

// ICU would turn invalid sequences into U+FFFD silently; reject them instead.
absl::StatusOr<icu::UnicodeString> NormalizeNfkc(absl::string_view text) {
  if (!Utf8Length(text).has_value()) {
    return absl::InvalidArgumentError("text is not valid UTF-8");
  }
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // NFKC maps the spacing marks to a space plus the combining mark, which then cannot
  // compose with the kana before it; as combining marks they compose like ﾞ and ﾟ do.
  source.findAndReplace(icu::UnicodeString(kSpacingVoicedMark),
                        icu::UnicodeString(kCombiningVoicedMark));
  source.findAndReplace(icu::UnicodeString(kSpacingSemiVoicedMark),
                        icu::UnicodeString(kCombiningSemiVoicedMark));
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
  if (U_FAILURE(error)) {
    return absl::InternalError(absl::StrCat("ICU NFKC data unavailable: ", u_errorName(error)));
  }
  icu::UnicodeString normalized = nfkc->normalize(source, error);
  if (U_FAILURE(error)) {
    return absl::InternalError(absl::StrCat("ICU NFKC failed: ", u_errorName(error)));
  }
  return normalized;
}

bool IsHiragana(UChar32 c) { return (c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E; }

bool IsKatakana(UChar32 c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == kProlongedSoundMark || c == 0x30FD || c == 0x30FE;
}

// After NFKC, ｰ is already ー, － is '-' and ～ is '~'.
bool IsLongMarkVariant(UChar32 c) {
  switch (c) {
    case kProlongedSoundMark:
    case '-':
    case '~':
    case 0x2010:  // ‐ hyphen
    case 0x2011:  // non-breaking hyphen
    case 0x2012:  // figure dash
    case 0x2013:  // en dash
    case 0x2014:  // em dash
    case 0x2015:  // horizontal bar
    case 0x2212:  // minus sign
    case 0x301C:  // 〜 wave dash
    case 0x223C:  // ∼ tilde operator, what some fonts offer for 〜
      return true;
    default:
      return false;
  }
}

bool IsMiddleDot(UChar32 c) { return c == 0x30FB || c == 0x00B7 || c == 0x2027 || c == 0x30A0; }

UChar32 LargeKana(UChar32 c) {
  switch (c) {
    case 0x30A1: return 0x30A2;  // ァ -> ア
    case 0x30A3: return 0x30A4;  // ィ -> イ
    case 0x30A5: return 0x30A6;  // ゥ -> ウ
    case 0x30A7: return 0x30A8;  // ェ -> エ
    case 0x30A9: return 0x30AA;  // ォ -> オ
    case 0x30C3: return 0x30C4;  // ッ -> ツ
    case 0x30E3: return 0x30E4;  // ャ -> ヤ
    case 0x30E5: return 0x30E6;  // ュ -> ユ
    case 0x30E7: return 0x30E8;  // ョ -> ヨ
    case 0x30EE: return 0x30EF;  // ヮ -> ワ
    case 0x30F5: return 0x30AB;  // ヵ -> カ
    case 0x30F6: return 0x30B1;  // ヶ -> ケ
    default: return c;
  }
}

// The バ-row kana that ヴ followed by `next` (a small vowel) is read as, or 0 when `next`
// does not combine with it.
UChar32 VuWithSmallVowel(UChar32 next) {
  switch (next) {
    case 0x30A1: return 0x30D0;  // ヴァ -> バ
    case 0x30A3: return 0x30D3;  // ヴィ -> ビ
    case 0x30A7: return 0x30D9;  // ヴェ -> ベ
    case 0x30A9: return 0x30DC;  // ヴォ -> ボ
    default: return 0;
  }
}

// ヷ ヸ ヹ ヺ (ワ row with voiced marks) read as バ ビ ベ ボ; 0 for anything else.
UChar32 VoicedWaRow(UChar32 c) {
  switch (c) {
    case 0x30F7: return 0x30D0;
    case 0x30F8: return 0x30D3;
    case 0x30F9: return 0x30D9;
    case 0x30FA: return 0x30DC;
    default: return 0;
  }
}

UChar32 AsKatakana(UChar32 c) { return IsHiragana(c) ? c + kHiraganaToKatakana : c; }

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

icu::UnicodeString FoldKana(const icu::UnicodeString& folded) {
  icu::UnicodeString out;
  bool after_kana = false;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = AsKatakana(folded.char32At(i));
    if (IsMiddleDot(c) || IsSpace(c)) continue;
    if (after_kana && IsLongMarkVariant(c)) {
      out.append(kProlongedSoundMark);
      continue;
    }
    if (c == kKatakanaVu) {
      const int32_t next_index = folded.moveIndex32(i, 1);
      const UChar32 next =
          next_index < folded.length() ? AsKatakana(folded.char32At(next_index)) : 0;
      if (const UChar32 combined = VuWithSmallVowel(next); combined != 0) {
        out.append(combined);
        i = next_index;
      } else {
        out.append(next == 0x30E5 ? UChar32{0x30D3} : UChar32{0x30D6});  // ヴュ -> ビユ; ヴ -> ブ
      }
      after_kana = true;
      continue;
    }
    if (const UChar32 voiced = VoicedWaRow(c); voiced != 0) {
      out.append(voiced);
      after_kana = true;
      continue;
    }
    out.append(LargeKana(c));
    after_kana = IsKatakana(c);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> FoldText(absl::string_view text, SpacePolicy spaces) {
  LEADGW_ASSIGN_OR_RETURN(const icu::UnicodeString normalized, NormalizeNfkc(text));
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < normalized.length(); i = normalized.moveIndex32(i, 1)) {
    UChar32 c = normalized.char32At(i);
    if (IsSpace(c)) {
      pending_space = spaces == SpacePolicy::kCollapse && !out.isEmpty();
      continue;
    }
    if (pending_space) {
      out.append(UChar32{' '});
      pending_space = false;
    }
    // Only ASCII: lower-casing other scripts is locale-dependent and the sources this
    // folds for (names, mail addresses) need no more.
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    out.append(c);
  }
  return ToUtf8(out);
}

std::string RemoveMiddleDots(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\u30FB", ""}, {"\u00B7", ""}, {"\u2027", ""}, {"\u30A0", ""}});
}

absl::StatusOr<std::string> KanaKey(absl::string_view text) {
  LEADGW_ASSIGN_OR_RETURN(const std::string folded, FoldText(text, SpacePolicy::kRemove));
  std::string key = ToUtf8(FoldKana(icu::UnicodeString::fromUTF8(folded)));
  if (key.empty()) return absl::InvalidArgumentError("kana text is empty");
  return key;
}

}  // namespace leadgw::matching
