#include "adapters/hotprofile/record_reader.h"

#include <limits>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "adapters/common/json_reader.h"
#include "adapters/common/value_json.h"
#include "adapters/hotprofile/values.h"
#include "common/status_macros.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace leadgw::adapters::hotprofile {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

absl::Status Unexpected(absl::string_view key, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": ", problem));
}

absl::Status Unexpected(absl::string_view key, const absl::Status& status) {
  return Unexpected(key, status.message());
}

// The message holding the last segment of `path` and that segment's descriptor, creating
// sub-messages on the way ("address.postal_code" -> the Address, postal_code).
std::pair<Message*, const FieldDescriptor*> Resolve(Message* record, absl::string_view path) {
  std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  Message* message = record;
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    const FieldDescriptor* field =
        message->GetDescriptor()->FindFieldByName(std::string(segments[i]));
    if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return {};
    message = message->GetReflection()->MutableMessage(message, field);
  }
  return {message, message->GetDescriptor()->FindFieldByName(std::string(segments.back()))};
}

// The neutral value of a custom field.
absl::StatusOr<google::protobuf::Value> CustomValue(const FieldSpec* spec,
                                                    const rapidjson::Value& json) {
  if (spec != nullptr && spec->type == ValueType::kFlag) {
    absl::StatusOr<bool> flag = common::ScalarToBool(json);
    if (!flag.ok()) return flag.status();
    google::protobuf::Value value;
    value.set_bool_value(*flag);
    return value;
  }
  if (spec != nullptr && spec->type == ValueType::kDate && json.IsString()) {
    if (std::optional<std::string> iso = HotProfileDateToIso(json.GetString())) {
      google::protobuf::Value value;
      value.set_string_value(*iso);
      return value;
    }
  }
  return common::JsonToValue(json);
}

absl::Status SetRepeated(Message* message, const FieldDescriptor* field,
                         const rapidjson::Value& json) {
  if (!json.IsArray()) return absl::InvalidArgumentError("expected an array");
  const Reflection& reflection = *message->GetReflection();
  for (const rapidjson::Value& item : json.GetArray()) {
    if (item.IsNull()) continue;
    LEADGW_ASSIGN_OR_RETURN(std::string text, common::ScalarToString(item));
    reflection.AddString(message, field, std::move(text));
  }
  return absl::OkStatus();
}

absl::Status SetTyped(const FieldSpec& spec, const rapidjson::Value& json, Message* record) {
  auto [message, field] = Resolve(record, spec.neutral);
  if (message == nullptr || field == nullptr) {
    return absl::InternalError(absl::StrCat("no neutral field ", spec.neutral));
  }
  const Reflection& reflection = *message->GetReflection();
  if (field->is_repeated()) return SetRepeated(message, field, json);
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      LEADGW_ASSIGN_OR_RETURN(std::string text, common::ScalarToString(json));
      if (spec.type == ValueType::kDate) {
        // An unexpected date form is passed on as it is rather than failing the answer.
        if (std::optional<std::string> iso = HotProfileDateToIso(text)) text = *std::move(iso);
      }
      reflection.SetString(message, field, std::move(text));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      LEADGW_ASSIGN_OR_RETURN(int64_t number, common::ScalarToInt64(json));
      if (number < std::numeric_limits<int32_t>::min() ||
          number > std::numeric_limits<int32_t>::max()) {
        return absl::InvalidArgumentError("integer out of range");
      }
      reflection.SetInt32(message, field, static_cast<int32_t>(number));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      LEADGW_ASSIGN_OR_RETURN(int64_t number, common::ScalarToInt64(json));
      if (field->enum_type()->FindValueByNumber(static_cast<int>(number)) == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("unknown code ", number));
      }
      reflection.SetEnumValue(message, field, static_cast<int>(number));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (field->message_type()->full_name() != "google.protobuf.Timestamp") break;
      LEADGW_ASSIGN_OR_RETURN(std::string text, common::ScalarToString(json));
      std::optional<absl::Time> time = ParseHotProfileDateTime(text);
      if (!time.has_value()) {
        return absl::InvalidArgumentError("expected a time yyyy/mm/dd hh:mm:ss");
      }
      auto* timestamp =
          static_cast<google::protobuf::Timestamp*>(reflection.MutableMessage(message, field));
      timestamp->set_seconds(absl::ToUnixSeconds(*time));
      timestamp->set_nanos(0);
      return absl::OkStatus();
    }
    default:
      break;
  }
  return absl::InternalError(absl::StrCat("unsupported neutral field ", spec.neutral));
}

// Adds custom_fields[key] = value through reflection (maps are repeated entry messages
// there), so one code path serves every neutral record type.
absl::Status AddCustom(Message* record, absl::string_view key,
                       const google::protobuf::Value& value) {
  const FieldDescriptor* field = record->GetDescriptor()->FindFieldByName("custom_fields");
  if (field == nullptr || !field->is_map())
    return absl::InternalError("record has no custom_fields");
  Message* entry = record->GetReflection()->AddMessage(record, field);
  const Reflection& entry_reflection = *entry->GetReflection();
  entry_reflection.SetString(entry, entry->GetDescriptor()->map_key(), std::string(key));
  entry_reflection.MutableMessage(entry, entry->GetDescriptor()->map_value())->CopyFrom(value);
  return absl::OkStatus();
}

// Clears the neutral field at `path`, and the Address holding it when that becomes empty.
void ClearPath(Message* record, absl::string_view path) {
  std::vector<absl::string_view> segments = absl::StrSplit(path, '.');
  const Reflection& reflection = *record->GetReflection();
  const FieldDescriptor* first = record->GetDescriptor()->FindFieldByName(std::string(segments[0]));
  if (first == nullptr) return;
  if (segments.size() == 1) {
    reflection.ClearField(record, first);
    return;
  }
  if (!reflection.HasField(*record, first)) return;
  Message* child = reflection.MutableMessage(record, first);
  ClearPath(child, path.substr(segments[0].size() + 1));
  if (child->ByteSizeLong() == 0) reflection.ClearField(record, first);
}

}  // namespace

absl::Status ReadRecord(ObjectKind kind, const rapidjson::Value& json, Message* record) {
  if (!json.IsObject()) return absl::InvalidArgumentError("expected an object");
  for (const auto& member : json.GetObject()) {
    const absl::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (member.value.IsNull() || IsPagingKey(key)) continue;
    const FieldSpec* spec = FindField(kind, key);
    if (spec != nullptr && !spec->custom()) {
      absl::Status status = SetTyped(*spec, member.value, record);
      if (!status.ok()) return Unexpected(key, status);
      continue;
    }
    absl::StatusOr<google::protobuf::Value> value = CustomValue(spec, member.value);
    if (!value.ok()) return Unexpected(key, value.status());
    LEADGW_RETURN_IF_ERROR(AddCustom(record, key, *value));
  }
  return absl::OkStatus();
}

void KeepSelectedFields(ObjectKind kind, absl::Span<const std::string> selection, Message* record) {
  if (selection.empty()) return;
  absl::flat_hash_set<std::string> neutral = {"id"};
  absl::flat_hash_set<std::string> custom;
  for (const std::string& name : selection) {
    const FieldSpec* spec = FindField(kind, name);
    if (spec == nullptr) spec = FindFieldByNeutral(kind, name);
    if (spec == nullptr || spec->custom()) {
      custom.insert(spec == nullptr ? name : spec->name);
    } else {
      neutral.insert(spec->neutral);
    }
  }
  for (const FieldSpec& spec : FieldsOf(kind)) {
    if (!spec.custom() && !neutral.contains(spec.neutral)) ClearPath(record, spec.neutral);
  }
  const FieldDescriptor* field = record->GetDescriptor()->FindFieldByName("custom_fields");
  if (field == nullptr) return;
  const Reflection& reflection = *record->GetReflection();
  // Compact the kept entries to the front, then drop the tail.
  int kept = 0;
  const int size = reflection.FieldSize(*record, field);
  for (int i = 0; i < size; ++i) {
    const Message& entry = reflection.GetRepeatedMessage(*record, field, i);
    const std::string key =
        entry.GetReflection()->GetString(entry, entry.GetDescriptor()->map_key());
    if (!custom.contains(key)) continue;
    if (i != kept) reflection.SwapElements(record, field, i, kept);
    ++kept;
  }
  for (int i = kept; i < size; ++i) reflection.RemoveLast(record, field);
}

}  // namespace leadgw::adapters::hotprofile
