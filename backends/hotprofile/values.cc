#include "backends/hotprofile/values.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "backends/common/text.h"

namespace leadgw::backends::hotprofile {
namespace {

constexpr int kJapanUtcOffsetSeconds = 9 * 60 * 60;  // JST, no daylight saving

// Writes `value` as `width` digits, zero-padded, ending just before `*end`.
void PutDigits(int64_t value, int width, char* end) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::string FormatDay(absl::CivilDay day, char sep) {
  // By hand: search answers format two dates per record, and StrFormat costs ~10x this.
  if (day.year() < 0 || day.year() > 9999) {
    return absl::StrFormat("%04d%c%02d%c%02d", day.year(), sep, day.month(), sep, day.day());
  }
  std::string text(10, sep);
  PutDigits(day.year(), 4, &text[4]);
  PutDigits(day.month(), 2, &text[7]);
  PutDigits(day.day(), 2, &text[10]);
  return text;
}

}  // namespace

absl::TimeZone JapanTime() {
  // FixedTimeZone looks the zone up by name under a lock: once is enough.
  static const absl::TimeZone japan = absl::FixedTimeZone(kJapanUtcOffsetSeconds);
  return japan;
}

std::optional<std::string> IsoDateToHotProfile(absl::string_view iso) {
  std::optional<absl::CivilDay> day = common::ParseFixedDay(iso, '-');
  if (!day.has_value()) return std::nullopt;
  return FormatDay(*day, '/');
}

std::optional<std::string> NormalizeSearchDate(absl::string_view date) {
  std::optional<absl::CivilDay> day = common::ParseFixedDay(date, '/');
  if (!day.has_value()) day = common::ParseFixedDay(date, '-');
  if (!day.has_value()) return std::nullopt;
  return FormatDay(*day, '/');
}

std::optional<std::string> HotProfileDateToIso(absl::string_view date) {
  std::optional<absl::CivilDay> day = common::ParseFixedDay(date, '/');
  if (!day.has_value()) return std::nullopt;
  return FormatDay(*day, '-');
}

std::optional<absl::Time> ParseHotProfileDateTime(absl::string_view text) {
  // The form every answer uses, without cctz's general parser (two per record).
  if (std::optional<absl::CivilSecond> civil = common::ParseFixedSecond(text, '/', ' ')) {
    return absl::FromCivil(*civil, absl::UTCTimeZone()) - absl::Seconds(kJapanUtcOffsetSeconds);
  }
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y/%m/%d %H:%M:%S", text, JapanTime(), &time, &error)) {
    return std::nullopt;
  }
  return time;
}

std::string FormatHotProfileDateTime(absl::Time time) {
  return absl::FormatTime("%Y/%m/%d %H:%M:%S", time, JapanTime());
}

bool IsCoordinate(absl::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() > 2) return false;
  if (!common::IsDigits(parts[0]) || parts[0].size() > 3) return false;
  return parts.size() == 1 || (common::IsDigits(parts[1]) && parts[1].size() <= 14);
}

bool IsDecimal(absl::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() > 2 || !common::IsDigits(parts[0])) return false;
  return parts.size() == 1 || common::IsDigits(parts[1]);
}

std::optional<std::string> FlagText(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "1" || lower == "true") return std::string("1");
  if (lower == "0" || lower == "false") return std::string("0");
  return std::nullopt;
}

std::optional<std::string> FlagText(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kBoolValue:
      return std::string(value.bool_value() ? "1" : "0");
    case google::protobuf::Value::kNumberValue:
      if (value.number_value() == 1) return std::string("1");
      if (value.number_value() == 0) return std::string("0");
      return std::nullopt;
    case google::protobuf::Value::kStringValue:
      return FlagText(value.string_value());
    default:
      return std::nullopt;
  }
}

bool IsAllowedCode(absl::string_view code, absl::string_view codes) {
  for (absl::string_view allowed : absl::StrSplit(codes, '|')) {
    if (code == allowed) return true;
  }
  return false;
}

NameParts SplitFullName(absl::string_view full_name) {
  constexpr absl::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
  const size_t ascii = full_name.find(' ');
  const size_t ideographic = full_name.find(kIdeographicSpace);
  const size_t at = std::min(ascii, ideographic);
  if (at == absl::string_view::npos) return {std::string(full_name), ""};
  absl::string_view given = full_name.substr(at);
  while (true) {
    if (absl::ConsumePrefix(&given, " ")) continue;
    if (absl::ConsumePrefix(&given, kIdeographicSpace)) continue;
    break;
  }
  return {std::string(full_name.substr(0, at)), std::string(given)};
}

}  // namespace leadgw::backends::hotprofile
