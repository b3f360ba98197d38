#include "backends/marketo/value_to_json.h"

#include <cmath>
#include <cstdint>

#include "common/status_macros.h"

namespace leadgw::backends::marketo {

rapidjson::Value JsonString(absl::string_view text, rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

absl::Status ValueToJson(const google::protobuf::Value& value, rapidjson::Value& out,
                         rapidjson::Document::AllocatorType& allocator) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
      out.SetNull();
      return absl::OkStatus();
    case google::protobuf::Value::kBoolValue:
      out.SetBool(value.bool_value());
      return absl::OkStatus();
    case google::protobuf::Value::kNumberValue: {
      const double number = value.number_value();
      if (!std::isfinite(number)) return absl::InvalidArgumentError("number is not finite");
      // +-2^63 bound: every double strictly inside converts to int64 exactly.
      if (number == std::trunc(number) && std::fabs(number) < 9.2e18) {
        out.SetInt64(static_cast<int64_t>(number));
      } else {
        out.SetDouble(number);
      }
      return absl::OkStatus();
    }
    case google::protobuf::Value::kStringValue:
      out = JsonString(value.string_value(), allocator);
      return absl::OkStatus();
    case google::protobuf::Value::kStructValue:
      out.SetObject();
      for (const auto& [key, item] : value.struct_value().fields()) {
        rapidjson::Value json;
        LEADGW_RETURN_IF_ERROR(ValueToJson(item, json, allocator));
        out.AddMember(JsonString(key, allocator), json, allocator);
      }
      return absl::OkStatus();
    case google::protobuf::Value::kListValue:
      out.SetArray();
      for (const google::protobuf::Value& item : value.list_value().values()) {
        rapidjson::Value json;
        LEADGW_RETURN_IF_ERROR(ValueToJson(item, json, allocator));
        out.PushBack(json, allocator);
      }
      return absl::OkStatus();
    case google::protobuf::Value::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("value is not set");
}

}  // namespace leadgw::backends::marketo
