#include "backends/common/value_json.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leadgw::backends::common {

void JsonToValue(const rapidjson::Value& json, google::protobuf::Value* value) {
  switch (json.GetType()) {
    case rapidjson::kNullType:
      value->set_null_value(google::protobuf::NULL_VALUE);
      break;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      value->set_bool_value(json.GetBool());
      break;
    case rapidjson::kNumberType:
      value->set_number_value(json.GetDouble());
      break;
    case rapidjson::kStringType:
      value->set_string_value(std::string(json.GetString(), json.GetStringLength()));
      break;
    case rapidjson::kArrayType: {
      auto* list = value->mutable_list_value();
      list->mutable_values()->Reserve(static_cast<int>(json.Size()));
      for (const rapidjson::Value& item : json.GetArray()) JsonToValue(item, list->add_values());
      break;
    }
    case rapidjson::kObjectType: {
      auto* fields = value->mutable_struct_value()->mutable_fields();
      for (const auto& member : json.GetObject()) {
        JsonToValue(
            member.value,
            &(*fields)[std::string(member.name.GetString(), member.name.GetStringLength())]);
      }
      break;
    }
  }
}

google::protobuf::Value JsonToValue(const rapidjson::Value& json) {
  google::protobuf::Value value;
  JsonToValue(json, &value);
  return value;
}

std::string FormatNumber(double number) {
  // Integral values within the exactly representable range print as integers.
  if (std::fabs(number) < 9007199254740992.0 && number == std::trunc(number)) {
    return absl::StrCat(static_cast<int64_t>(number));
  }
  // Otherwise the shortest of %.15g .. %.17g that reads back as the same double.
  for (int precision = 15; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, number);
    if (std::strtod(text.c_str(), nullptr) == number) return text;
  }
  return absl::StrFormat("%.17g", number);
}

absl::StatusOr<std::string> ValueToText(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
      return std::string();
    case google::protobuf::Value::kBoolValue:
      return std::string(value.bool_value() ? "true" : "false");
    case google::protobuf::Value::kNumberValue:
      if (!std::isfinite(value.number_value())) {
        return absl::InvalidArgumentError("expected a finite number");
      }
      return FormatNumber(value.number_value());
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kListValue:
    case google::protobuf::Value::kStructValue:
      return absl::InvalidArgumentError(
          "expected a string, number, bool or null, got a list or struct");
    case google::protobuf::Value::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("expected a value, got an unset one");
}

}  // namespace leadgw::backends::common
