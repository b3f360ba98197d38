// Parsing and formatting of the value formats HotProfile uses on the wire: UTF-8 text
// measured in characters, strict integers, decimal coordinates, flags, and dates in
// Japan Standard Time ("yyyy/mm/dd", "yyyy/mm/dd hh:mm:ss").
#ifndef LEADGW_EMULATORS_HOTPROFILE_TEXT_UTIL_H_
#define LEADGW_EMULATORS_HOTPROFILE_TEXT_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace leadgw::emulators::hotprofile {

// A decimal integer: optional '-', then 1 to 18 digits, nothing else (no '+', spaces or
// fractions, which absl::SimpleAtoi would tolerate).
std::optional<int64_t> ParseStrictInt(absl::string_view text);

// Latitude/longitude as HotProfile describes them: up to 3 integer digits and up to 14
// decimals, optional '-'. Returns the numeric value.
std::optional<double> ParseCoordinate(absl::string_view text);

// A boolean flag: "1"/"0"/"true"/"false" (ASCII case-insensitive).
std::optional<bool> ParseFlag(absl::string_view text);

// "yyyy/mm/dd" with a real calendar day (2024/02/30 is rejected).
std::optional<absl::CivilDay> ParseDate(absl::string_view text);

// "yyyy/mm/dd hh:mm:ss" with a real calendar time.
std::optional<absl::CivilSecond> ParseDateTime(absl::string_view text);

// HotProfile is a Japanese service: timestamps are rendered and date searches are
// interpreted in JST (UTC+9, no daylight saving), independent of the host's zone.
absl::TimeZone JapanTimeZone();

std::string FormatDate(absl::CivilDay day);
std::string FormatDateTime(absl::Time time);  // in JST
absl::CivilDay JapanDay(absl::Time time);

// Splits on ASCII spaces and the ideographic space U+3000, dropping empty words.
std::vector<std::string> SplitWords(absl::string_view text);

// ASCII-only lowercase; safe on UTF-8 because multi-byte sequences have no ASCII bytes.
std::string FoldCase(absl::string_view text);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_TEXT_UTIL_H_
