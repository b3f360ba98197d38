#include "backends/hotprofile/record_reader.h"

#include <array>
#include <limits>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "backends/common/json_reader.h"
#include "backends/common/value_json.h"
#include "backends/hotprofile/values.h"
#include "common/status_macros.h"
#include "google/protobuf/map.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

absl::Status Unexpected(absl::string_view key, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": ", problem));
}

absl::Status Unexpected(absl::string_view key, const absl::Status& status) {
  return Unexpected(key, status.message());
}

using CustomFields = google::protobuf::Map<std::string, google::protobuf::Value>;

template <typename Record>
CustomFields* CustomFieldsOf(Message* record) {
  return static_cast<Record*>(record)->mutable_custom_fields();
}

// A field table resolved against its neutral record type, indexed by HotProfile key: each
// row with, for typed rows, the descriptors from the record down to its neutral field
// ("address.postal_code" -> address, postal_code). Built once per object kind, so reading
// a record costs one hash look-up per key and no name look-ups in descriptors; custom
// fields go straight into the record's map (through reflection a map is a list of entry
// messages that is copied into the map again when the record is serialised).
class ReadPlan {
 public:
  struct Row {
    const FieldSpec* spec;
    std::vector<const FieldDescriptor*> path;  // empty for custom rows
  };

  ReadPlan(ObjectKind kind, const Descriptor* record_type, CustomFields* (*custom_fields)(Message*))
      : record_type_(record_type), custom_fields_(custom_fields) {
    for (const FieldSpec& spec : FieldsOf(kind)) {
      Row& row = rows_.try_emplace(spec.name, Row{&spec, {}}).first->second;
      if (spec.custom()) continue;
      const Descriptor* type = record_type;
      for (absl::string_view segment : absl::StrSplit(spec.neutral, '.')) {
        const FieldDescriptor* field =
            type == nullptr ? nullptr : type->FindFieldByName(std::string(segment));
        if (field == nullptr) {  // a table row naming no field: reported when it is read
          row.path.clear();
          break;
        }
        row.path.push_back(field);
        type = field->message_type();
      }
    }
  }

  const Descriptor* record_type() const { return record_type_; }

  // The row of the HotProfile key `name`, or nullptr for a key the table does not know.
  const Row* Find(absl::string_view name) const {
    auto it = rows_.find(name);
    return it == rows_.end() ? nullptr : &it->second;
  }

  CustomFields* custom_fields(Message* record) const { return custom_fields_(record); }

 private:
  const Descriptor* record_type_;
  CustomFields* (*custom_fields_)(Message*);
  absl::flat_hash_map<absl::string_view, Row> rows_;
};

const ReadPlan& PlanOf(ObjectKind kind) {
  static const auto* const plans = new std::array<ReadPlan, 3>{
      ReadPlan(ObjectKind::kLead, v1::Lead::descriptor(), &CustomFieldsOf<v1::Lead>),
      ReadPlan(ObjectKind::kClient, v1::Company::descriptor(), &CustomFieldsOf<v1::Company>),
      ReadPlan(ObjectKind::kBusinessCard, v1::BusinessCard::descriptor(),
               &CustomFieldsOf<v1::BusinessCard>),
  };
  return (*plans)[static_cast<size_t>(kind)];
}

// The plan for records of `kind`, or INTERNAL when `record` is not that kind's neutral
// message.
absl::StatusOr<const ReadPlan*> PlanFor(ObjectKind kind, const Message& record) {
  const ReadPlan& plan = PlanOf(kind);
  if (record.GetDescriptor() != plan.record_type()) {
    return absl::InternalError(absl::StrCat("a ", ObjectLabel(kind), " is read into a ",
                                            plan.record_type()->name(), ", not a ",
                                            record.GetDescriptor()->name()));
  }
  return &plan;
}

// The message holding the last field of `path` and that field's descriptor, creating
// sub-messages on the way.
std::pair<Message*, const FieldDescriptor*> Resolve(Message* record,
                                                    absl::Span<const FieldDescriptor* const> path) {
  if (path.empty()) return {};
  Message* message = record;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    message = message->GetReflection()->MutableMessage(message, path[i]);
  }
  return {message, path.back()};
}

// Fills the neutral value of a custom field.
absl::Status FillCustomValue(const FieldSpec* spec, const rapidjson::Value& json,
                             google::protobuf::Value* value) {
  if (spec != nullptr && spec->type == ValueType::kFlag) {
    absl::StatusOr<bool> flag = common::ScalarToBool(json);
    if (!flag.ok()) return flag.status();
    value->set_bool_value(*flag);
    return absl::OkStatus();
  }
  if (spec != nullptr && spec->type == ValueType::kDate && json.IsString()) {
    if (std::optional<std::string> iso = HotProfileDateToIso(json.GetString())) {
      value->set_string_value(*std::move(iso));
      return absl::OkStatus();
    }
  }
  common::JsonToValue(json, value);
  return absl::OkStatus();
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

absl::Status SetTyped(const ReadPlan::Row& row, const rapidjson::Value& json, Message* record) {
  const FieldSpec& spec = *row.spec;
  auto [message, field] = Resolve(record, row.path);
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
    case FieldDescriptor::CPPTYPE_BOOL: {
      LEADGW_ASSIGN_OR_RETURN(bool flag, common::ScalarToBool(json));
      reflection.SetBool(message, field, flag);
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

// Sets custom_fields[key] from `json`.
absl::Status AddCustom(const ReadPlan& plan, const FieldSpec* spec, absl::string_view key,
                       const rapidjson::Value& json, Message* record) {
  google::protobuf::Value& value = (*plan.custom_fields(record))[std::string(key)];
  value.Clear();  // a key repeated in the answer: the last one wins, as for typed fields
  return FillCustomValue(spec, json, &value);
}

// Clears the neutral field at `path`, and each message on the way that becomes empty
// (an Address whose last field went).
void ClearPath(Message* message, absl::Span<const FieldDescriptor* const> path) {
  if (path.empty()) return;
  const Reflection& reflection = *message->GetReflection();
  if (path.size() == 1) {
    reflection.ClearField(message, path.front());
    return;
  }
  if (!reflection.HasField(*message, path.front())) return;
  Message* child = reflection.MutableMessage(message, path.front());
  ClearPath(child, path.subspan(1));
  if (child->ByteSizeLong() == 0) reflection.ClearField(message, path.front());
}

// HotProfile's card search answers only the full names, so the parts a caller writes are
// split from them; an answer that has either part is taken as it is.
template <typename Record>
void FillNameParts(Record* record) {
  if (record->has_full_name() && !record->has_last_name() && !record->has_first_name()) {
    NameParts parts = SplitFullName(record->full_name());
    if (!parts.family.empty()) record->set_last_name(std::move(parts.family));
    if (!parts.given.empty()) record->set_first_name(std::move(parts.given));
  }
  if (record->has_full_name_kana() && !record->has_last_name_kana() &&
      !record->has_first_name_kana()) {
    NameParts parts = SplitFullName(record->full_name_kana());
    if (!parts.family.empty()) record->set_last_name_kana(std::move(parts.family));
    if (!parts.given.empty()) record->set_first_name_kana(std::move(parts.given));
  }
}

// Lead.lead_status_name is the deprecated copy of lead_status (the name; HotProfile
// lead_status_name), kept for callers written before lead_status meant the name.
void FillDeprecatedStatusName(v1::Lead* lead) {
  if (lead->has_lead_status()) {
    lead->set_lead_status_name(lead->lead_status());
  } else {
    lead->clear_lead_status_name();
  }
}

}  // namespace

absl::Status ReadRecord(ObjectKind kind, const rapidjson::Value& json, Message* record) {
  if (!json.IsObject()) return absl::InvalidArgumentError("expected an object");
  LEADGW_ASSIGN_OR_RETURN(const ReadPlan* plan, PlanFor(kind, *record));
  for (const auto& member : json.GetObject()) {
    const absl::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (member.value.IsNull() || IsPagingKey(key)) continue;
    const ReadPlan::Row* row = plan->Find(key);
    absl::Status status =
        row != nullptr && !row->spec->custom()
            ? SetTyped(*row, member.value, record)
            : AddCustom(*plan, row == nullptr ? nullptr : row->spec, key, member.value, record);
    if (!status.ok()) return Unexpected(key, status);
  }
  // PlanFor checked that the record is the kind's message.
  if (kind == ObjectKind::kLead) {
    FillNameParts(static_cast<v1::Lead*>(record));
    FillDeprecatedStatusName(static_cast<v1::Lead*>(record));
  }
  if (kind == ObjectKind::kBusinessCard) FillNameParts(static_cast<v1::BusinessCard*>(record));
  return absl::OkStatus();
}

void KeepSelectedFields(absl::Span<const std::string> selection, v1::Lead* lead) {
  if (selection.empty()) return;
  constexpr ObjectKind kKind = ObjectKind::kLead;
  absl::flat_hash_set<std::string> neutral = {"id"};
  absl::flat_hash_set<std::string> custom;
  for (const std::string& name : selection) {
    // Neutral names win, as in filters and lookups: "lead_status" is the status name.
    const FieldSpec* spec = FindFieldByNeutral(kKind, name);
    if (spec == nullptr) spec = FindField(kKind, name);
    if (spec == nullptr || spec->custom()) {
      custom.insert(spec == nullptr ? name : spec->name);
    } else {
      neutral.insert(spec->neutral);
    }
  }
  const ReadPlan& plan = PlanOf(kKind);
  for (const FieldSpec& spec : FieldsOf(kKind)) {
    if (!spec.custom() && !neutral.contains(spec.neutral)) {
      ClearPath(lead, plan.Find(spec.name)->path);
    }
  }
  FillDeprecatedStatusName(lead);  // follows lead_status, kept or cleared
  CustomFields& fields = *lead->mutable_custom_fields();
  for (auto it = fields.begin(); it != fields.end();) {
    it = custom.contains(it->first) ? std::next(it) : fields.erase(it);
  }
}

}  // namespace leadgw::backends::hotprofile
