// HotProfile's wire formats for dates, times, flags, coordinates and codes, and their
// neutral counterparts. HotProfile is a Japanese service: timestamps are Japan time
// (UTC+9, no daylight saving), whatever the gateway host's zone. Pure functions.
#ifndef LEADGW_BACKENDS_HOTPROFILE_VALUES_H_
#define LEADGW_BACKENDS_HOTPROFILE_VALUES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"

namespace leadgw::backends::hotprofile {

// UTC+9.
absl::TimeZone JapanTime();

// Neutral "YYYY-MM-DD" (a real calendar day) -> "yyyy/mm/dd"; nullopt otherwise.
std::optional<std::string> IsoDateToHotProfile(absl::string_view iso);

// "yyyy/mm/dd" or "YYYY-MM-DD" (a real day) -> "yyyy/mm/dd", for search values a caller may
// give in either form; nullopt otherwise.
std::optional<std::string> NormalizeSearchDate(absl::string_view date);

// HotProfile "yyyy/mm/dd" -> neutral "YYYY-MM-DD"; nullopt when not such a date.
std::optional<std::string> HotProfileDateToIso(absl::string_view date);

// "yyyy/mm/dd hh:mm:ss" in Japan time -> an instant; nullopt when malformed.
std::optional<absl::Time> ParseHotProfileDateTime(absl::string_view text);

// An instant as "yyyy/mm/dd hh:mm:ss" in Japan time (whole seconds, truncated).
std::string FormatHotProfileDateTime(absl::Time time);

// Latitude / longitude: optional '-', 1 to 3 integer digits, optionally '.' and 1 to 14
// decimals.
bool IsCoordinate(absl::string_view text);

// A decimal number for range searches: optional '-', digits, optional fraction.
bool IsDecimal(absl::string_view text);

// A neutral flag (bool, the numbers 0/1, or the text "1", "0", "true", "false") as
// HotProfile's "1" / "0"; nullopt for anything else.
std::optional<std::string> FlagText(const google::protobuf::Value& value);

// The same for search values given as text.
std::optional<std::string> FlagText(absl::string_view text);

// True when `code` is one of the '|'-separated `codes` ("1|3").
bool IsAllowedCode(absl::string_view code, absl::string_view codes);

// A Japanese full name ("山田 太郎", "ヤマダ　タロウ") in its parts: the family name before
// the first ASCII or ideographic (U+3000) space, the given name after it (further spaces
// at its start dropped). Without a space the whole name is the family name and `given`
// is "".
struct NameParts {
  std::string family;
  std::string given;
};
NameParts SplitFullName(absl::string_view full_name);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_VALUES_H_
