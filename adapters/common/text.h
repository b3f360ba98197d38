// Text checks shared by adapters (character counting lives in common/utf8.h).
#ifndef LEADGW_ADAPTERS_COMMON_TEXT_H_
#define LEADGW_ADAPTERS_COMMON_TEXT_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

namespace leadgw::adapters::common {

// True when `text` is 1 or more ASCII digits.
bool IsDigits(absl::string_view text);

}  // namespace leadgw::adapters::common

#endif  // LEADGW_ADAPTERS_COMMON_TEXT_H_
