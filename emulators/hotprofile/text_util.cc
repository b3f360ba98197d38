#include "emulators/hotprofile/text_util.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace leadgw::emulators::hotprofile {
namespace {

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Parses exactly `width` digits at `pos` of `text`.
bool FixedInt(absl::string_view text, size_t pos, size_t width, int* out) {
  if (pos + width > text.size()) return false;
  absl::string_view part = text.substr(pos, width);
  return AllDigits(part) && absl::SimpleAtoi(part, out);
}

}  // namespace

std::optional<int64_t> ParseStrictInt(absl::string_view text) {
  absl::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (!AllDigits(digits) || digits.size() > 18) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return std::nullopt;
  return value;
}

std::optional<double> ParseCoordinate(absl::string_view text) {
  absl::string_view body = text;
  if (!body.empty() && body.front() == '-') body.remove_prefix(1);
  std::vector<absl::string_view> parts = absl::StrSplit(body, '.');
  if (parts.size() > 2 || !AllDigits(parts[0]) || parts[0].size() > 3) return std::nullopt;
  if (parts.size() == 2 && (!AllDigits(parts[1]) || parts[1].size() > 14)) {
    return std::nullopt;
  }
  double value = 0;
  if (!absl::SimpleAtod(text, &value)) return std::nullopt;
  return value;
}

std::optional<bool> ParseFlag(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "1" || lower == "true") return true;
  if (lower == "0" || lower == "false") return false;
  return std::nullopt;
}

std::optional<absl::CivilDay> ParseDate(absl::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '/' || text[7] != '/' || !FixedInt(text, 0, 4, &year) ||
      !FixedInt(text, 5, 2, &month) || !FixedInt(text, 8, 2, &day)) {
    return std::nullopt;
  }
  const absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2024/02/30 to 2024/03/01; a changed field means an invalid date.
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return std::nullopt;
  }
  return civil;
}

std::optional<absl::CivilSecond> ParseDateTime(absl::string_view text) {
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const std::optional<absl::CivilDay> day = ParseDate(text.substr(0, 10));
  int hour = 0, minute = 0, second = 0;
  if (!day || !FixedInt(text, 11, 2, &hour) || !FixedInt(text, 14, 2, &minute) ||
      !FixedInt(text, 17, 2, &second) || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  return absl::CivilSecond(day->year(), day->month(), day->day(), hour, minute, second);
}

absl::TimeZone JapanTimeZone() { return absl::FixedTimeZone(9 * 60 * 60); }

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d/%02d/%02d", day.year(), day.month(), day.day());
}

std::string FormatDateTime(absl::Time time) {
  return absl::FormatTime("%Y/%m/%d %H:%M:%S", time, JapanTimeZone());
}

absl::CivilDay JapanDay(absl::Time time) { return absl::ToCivilDay(time, JapanTimeZone()); }

std::vector<std::string> SplitWords(absl::string_view text) {
  const std::string ascii_spaces = absl::StrReplaceAll(text, {{"\xE3\x80\x80", " "}});
  return absl::StrSplit(ascii_spaces, ' ', absl::SkipEmpty());
}

std::string FoldCase(absl::string_view text) { return absl::AsciiStrToLower(text); }

}  // namespace leadgw::emulators::hotprofile
