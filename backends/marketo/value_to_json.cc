#include "backends/marketo/value_to_json.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/status_macros.h"

namespace leadgw::backends::marketo {

rapidjson::Value JsonString(absl::string_view text, rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

namespace {

// Whether `text` has a byte rapidjson escapes when writing UTF-8 to UTF-8 unvalidated: a
// control character, '"' or '\\'. Eight bytes at a time: a word has a byte below n (n <=
// 128) exactly when (word - n * ones) & ~word & highs is not zero, and a byte equal to c
// when word ^ (c * ones) has a zero byte (borrows start only at a byte that matches, so
// the tests are exact for "any").
bool NeedsEscaping(absl::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_below = [](uint64_t word, uint64_t n) { return (word - n * kOnes) & ~word & kHighs; };
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (has_below(word, 0x20) | has_below(word ^ ('"' * kOnes), 1) |
        has_below(word ^ ('\\' * kOnes), 1)) {
      return true;
    }
  }
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

}  // namespace

bool JsonWriter::Text(absl::string_view text) {
  if (NeedsEscaping(text)) {
    return String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  Prefix(rapidjson::kStringType);
  char* out = os_->Push(text.size() + 2);
  out[0] = '"';
  std::memcpy(out + 1, text.data(), text.size());
  out[text.size() + 1] = '"';
  return EndValue(true);
}

void WriteJsonString(absl::string_view text, JsonWriter& out) { out.Text(text); }

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
