// Decimal record ids ("318581") in numeric order.
#ifndef LEADGW_COMMON_DECIMAL_ID_H_
#define LEADGW_COMMON_DECIMAL_ID_H_

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace leadgw::common {

// The id as a number, so that "9" sorts before "10"; anything that is not a decimal
// uint64 sorts after every id that is.
inline uint64_t DecimalIdOrMax(absl::string_view id) {
  uint64_t value = 0;
  return absl::SimpleAtoi(id, &value) ? value : UINT64_MAX;
}

}  // namespace leadgw::common

#endif  // LEADGW_COMMON_DECIMAL_ID_H_
