#include "emulators/marketo/field_value.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace leadgw::emulators::marketo {

FieldValue FieldValue::String(std::string v) {
  FieldValue f;
  f.kind = Kind::kString;
  f.s = std::move(v);
  return f;
}

FieldValue FieldValue::Int(int64_t v) {
  FieldValue f;
  f.kind = Kind::kInt;
  f.i = v;
  return f;
}

FieldValue FieldValue::Double(double v) {
  FieldValue f;
  f.kind = Kind::kDouble;
  f.d = v;
  return f;
}

FieldValue FieldValue::Bool(bool v) {
  FieldValue f;
  f.kind = Kind::kBool;
  f.b = v;
  return f;
}

bool FieldValue::IsEmpty() const {
  return kind == Kind::kNull || (kind == Kind::kString && s.empty());
}

std::string FieldValue::AsText() const {
  switch (kind) {
    case Kind::kNull:
      return "";
    case Kind::kBool:
      return b ? "true" : "false";
    case Kind::kInt:
      return absl::StrCat(i);
    case Kind::kDouble:
      return absl::StrCat(d);
    case Kind::kString:
      return s;
  }
  return "";
}

rapidjson::Value FieldValue::ToJson(rapidjson::Document::AllocatorType& alloc) const {
  switch (kind) {
    case Kind::kNull:
      return rapidjson::Value(rapidjson::kNullType);
    case Kind::kBool:
      return rapidjson::Value(b);
    case Kind::kInt:
      return rapidjson::Value(static_cast<int64_t>(i));
    case Kind::kDouble:
      return rapidjson::Value(d);
    case Kind::kString:
      return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc);
  }
  return rapidjson::Value(rapidjson::kNullType);
}

absl::StatusOr<FieldValue> FieldValueFromJson(const rapidjson::Value& json,
                                              absl::string_view data_type) {
  if (json.IsNull()) return FieldValue();
  if (data_type == "boolean") {
    if (json.IsBool()) return FieldValue::Bool(json.GetBool());
    if (json.IsString()) {
      const absl::string_view s(json.GetString(), json.GetStringLength());
      if (s == "true" || s == "1") return FieldValue::Bool(true);
      if (s == "false" || s == "0") return FieldValue::Bool(false);
    }
    return absl::InvalidArgumentError("expected a boolean");
  }
  if (data_type == "integer" || data_type == "score" || data_type == "reference") {
    if (json.IsInt64()) return FieldValue::Int(json.GetInt64());
    if (json.IsDouble() && std::floor(json.GetDouble()) == json.GetDouble() &&
        std::fabs(json.GetDouble()) < 9e15) {
      return FieldValue::Int(static_cast<int64_t>(json.GetDouble()));
    }
    return absl::InvalidArgumentError("expected an integer");
  }
  if (data_type == "float" || data_type == "currency" || data_type == "percent") {
    if (json.IsNumber()) return FieldValue::Double(json.GetDouble());
    return absl::InvalidArgumentError("expected a number");
  }
  // Text-like types (string, email, phone, url, text, date, datetime): numbers are
  // accepted and stored as text, as Marketo coerces them.
  if (json.IsString()) {
    return FieldValue::String(std::string(json.GetString(), json.GetStringLength()));
  }
  if (json.IsInt64()) return FieldValue::String(absl::StrCat(json.GetInt64()));
  if (json.IsNumber()) return FieldValue::String(absl::StrCat(json.GetDouble()));
  if (json.IsBool()) return FieldValue::String(json.GetBool() ? "true" : "false");
  return absl::InvalidArgumentError("expected a string");
}

std::string FormatIsoTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseIsoTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return t;
  if (absl::ParseTime("%Y-%m-%dT%H:%M:%S%Ez", text, &t, &err)) return t;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &err)) return t;
  return absl::InvalidArgumentError(absl::StrCat("invalid date-time: ", text));
}

}  // namespace leadgw::emulators::marketo
