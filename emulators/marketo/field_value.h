// Values held in lead fields, and their JSON and text forms.
#ifndef LEADGW_EMULATORS_MARKETO_FIELD_VALUE_H_
#define LEADGW_EMULATORS_MARKETO_FIELD_VALUE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {

// A scalar lead field value. Null means "no value" (Marketo omits such fields).
struct FieldValue {
  enum class Kind { kNull, kBool, kInt, kDouble, kString };
  Kind kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string s;

  static FieldValue String(std::string v);
  static FieldValue Int(int64_t v);
  static FieldValue Double(double v);
  static FieldValue Bool(bool v);

  // Null or the empty string: merge fills such winner fields from losers.
  bool IsEmpty() const;
  // Text form used for lookups and filter matching ("true", "42", "x").
  std::string AsText() const;
  // The JSON form (strings copied with `alloc`).
  rapidjson::Value ToJson(rapidjson::Document::AllocatorType& alloc) const;
};

// Converts a JSON input value for a field of Marketo `data_type`. Returns
// INVALID_ARGUMENT when the JSON type does not fit (objects/arrays never fit).
absl::StatusOr<FieldValue> FieldValueFromJson(const rapidjson::Value& json,
                                              absl::string_view data_type);

// ISO 8601 in UTC with a Z suffix, second precision: "2024-05-01T12:00:00Z".
std::string FormatIsoTime(absl::Time t);

// Parses RFC 3339 / ISO 8601 date-times ("2024-05-01T12:00:00Z", "...+09:00") and plain
// dates ("2024-05-01", taken as UTC midnight).
absl::StatusOr<absl::Time> ParseIsoTime(absl::string_view text);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_FIELD_VALUE_H_
