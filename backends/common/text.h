// Text checks shared by adapters (character counting lives in common/utf8.h).
#ifndef LEADGW_BACKENDS_COMMON_TEXT_H_
#define LEADGW_BACKENDS_COMMON_TEXT_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace leadgw::backends::common {

// True when `text` is 1 or more ASCII digits.
bool IsDigits(absl::string_view text);

// "YYYY<separator>MM<separator>DD" naming a real calendar day, else nullopt.
std::optional<absl::CivilDay> ParseFixedDay(absl::string_view text, char separator);

// "YYYY<date_separator>MM<date_separator>DD<middle>hh:mm:ss" naming a real calendar day
// and a time from 00:00:00 to 23:59:59, else nullopt (a leap second included). The fast
// path of both upstreams' timestamp parsers: cctz's general parser costs about ten times
// as much, and callers still hand it every other form.
std::optional<absl::CivilSecond> ParseFixedSecond(absl::string_view text, char date_separator,
                                                  char middle);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_TEXT_H_
