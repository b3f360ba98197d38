#include "adapters/common/text.h"

#include <cstdint>

#include "absl/strings/ascii.h"

namespace leadgw::adapters::common {

bool IsDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace leadgw::adapters::common
