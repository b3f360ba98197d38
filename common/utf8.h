// UTF-8 text measures. Upstream limits count characters (HotProfile: "100 characters or
// fewer", one kanji counting once although it takes three bytes), and messages must be
// cut without splitting a character.
#ifndef LEADGW_COMMON_UTF8_H_
#define LEADGW_COMMON_UTF8_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

namespace leadgw {

// Number of Unicode code points in `text` ("山田" is 2, though 6 bytes), or nullopt when
// `text` is not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
std::optional<size_t> Utf8Length(absl::string_view text);

// Number of code points, counting every byte that does not continue a sequence; equals
// Utf8Length for valid text (e.g. proto3 strings, which the parser has checked).
size_t Utf8CharCount(absl::string_view text);

// Byte length of the first `max_chars` characters of `text`.
size_t Utf8PrefixBytes(absl::string_view text, size_t max_chars);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character
// boundary.
absl::string_view Utf8Truncate(absl::string_view text, size_t max_bytes);

}  // namespace leadgw

#endif  // LEADGW_COMMON_UTF8_H_
