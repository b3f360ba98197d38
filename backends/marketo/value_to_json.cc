#include "backends/marketo/value_to_json.h"

#include <cmath>
#include <cstdint>

#include "common/status_macros.h"

namespace leadgw::backends::marketo {

rapidjson::Value JsonString(absl::string_view text, rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

void WriteJsonString(absl::string_view text, JsonWriter& out) {
  out.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

namespace {

template <typename Writer>
absl::Status WriteValue(const google::protobuf::Value& value, Writer& out) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
      out.Null();
      return absl::OkStatus();
    case google::protobuf::Value::kBoolValue:
      out.Bool(value.bool_value());
      return absl::OkStatus();
    case google::protobuf::Value::kNumberValue: {
      const double number = value.number_value();
      if (!std::isfinite(number)) return absl::InvalidArgumentError("number is not finite");
      // +-2^63 bound: every double strictly inside converts to int64 exactly.
      if (number == std::trunc(number) && std::fabs(number) < 9.2e18) {
        out.Int64(static_cast<int64_t>(number));
      } else {
        out.Double(number);
      }
      return absl::OkStatus();
    }
    case google::protobuf::Value::kStringValue:
      WriteJsonString(value.string_value(), out);
      return absl::OkStatus();
    case google::protobuf::Value::kStructValue:
      out.StartObject();
      for (const auto& [key, item] : value.struct_value().fields()) {
        WriteJsonString(key, out);
        LEADGW_RETURN_IF_ERROR(WriteValue(item, out));
      }
      out.EndObject();
      return absl::OkStatus();
    case google::protobuf::Value::kListValue:
      out.StartArray();
      for (const google::protobuf::Value& item : value.list_value().values()) {
        LEADGW_RETURN_IF_ERROR(WriteValue(item, out));
      }
      out.EndArray();
      return absl::OkStatus();
    case google::protobuf::Value::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("value is not set");
}

}  // namespace

absl::Status WriteValueJson(const google::protobuf::Value& value, JsonWriter& out) {
  return WriteValue(value, out);
}

absl::Status WriteValueJson(const google::protobuf::Value& value, DiscardingJsonWriter& out) {
  return WriteValue(value, out);
}

}  // namespace leadgw::backends::marketo
