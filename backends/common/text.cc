#include "backends/common/text.h"

#include <cstdint>

#include "absl/strings/ascii.h"

namespace leadgw::backends::common {
namespace {

// The number written by text[begin, begin + count); -1 unless all are ASCII digits.
int DigitsAt(absl::string_view text, size_t begin, size_t count) {
  int value = 0;
  for (size_t i = begin; i < begin + count; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool IsDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<absl::CivilDay> ParseFixedDay(absl::string_view text, char separator) {
  if (text.size() != 10 || text[4] != separator || text[7] != separator) return std::nullopt;
  const int year = DigitsAt(text, 0, 4);
  const int month = DigitsAt(text, 5, 2);
  const int day = DigitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  const absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2024-02-30 to 2024-03-01: a changed field means it was not real.
  if (civil.year() != year || civil.month() != month || civil.day() != day) return std::nullopt;
  return civil;
}

std::optional<absl::CivilSecond> ParseFixedSecond(absl::string_view text, char date_separator,
                                                  char middle) {
  if (text.size() != 19 || text[10] != middle || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const std::optional<absl::CivilDay> day = ParseFixedDay(text.substr(0, 10), date_separator);
  const int hour = DigitsAt(text, 11, 2);
  const int minute = DigitsAt(text, 14, 2);
  const int second = DigitsAt(text, 17, 2);
  if (!day.has_value() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 59) {
    return std::nullopt;
  }
  return absl::CivilSecond(day->year(), day->month(), day->day(), hour, minute, second);
}

}  // namespace leadgw::backends::common
