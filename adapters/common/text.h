// Text measures shared by adapters: upstream limits count characters, not bytes.
#ifndef LEADGW_ADAPTERS_COMMON_TEXT_H_
#define LEADGW_ADAPTERS_COMMON_TEXT_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

namespace leadgw::adapters::common {

// Number of Unicode code points in `text` ("山田" is 2, though 6 bytes), or nullopt when
// `text` is not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
std::optional<size_t> Utf8Length(absl::string_view text);

// True when `text` is 1 or more ASCII digits.
bool IsDigits(absl::string_view text);

}  // namespace leadgw::adapters::common

#endif  // LEADGW_ADAPTERS_COMMON_TEXT_H_
