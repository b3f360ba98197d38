#include "backends/marketo/responses.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "backends/common/json_reader.h"
#include "backends/marketo/lead_json.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;

// Standard filterType values of Get Leads by Filter Type (reference NOTES.md (f)).
constexpr absl::string_view kStandardFilterTypes[] = {
    "id",
    "email",
    "cookies",
    "facebookId",
    "linkedInId",
    "twitterId",
    "leadPartitionId",
    "sfdcAccountId",
    "sfdcContactId",
    "sfdcLeadId",
    "sfdcLeadOwnerId",
    "sfdcOpptyId",
};

bool IsStandardFilterType(absl::string_view name) {
  return std::find(std::begin(kStandardFilterTypes), std::end(kStandardFilterTypes), name) !=
         std::end(kStandardFilterTypes);
}

void AddReason(const rapidjson::Value& json, v1::RecordResult& result) {
  v1::UpstreamReason* reason = result.add_reasons();
  absl::StatusOr<std::optional<std::string>> code = common::GetString(json, "code");
  absl::StatusOr<std::optional<std::string>> message = common::GetString(json, "message");
  reason->set_code(code.ok() && code->has_value() ? **code : "gateway.unknown_reason");
  reason->set_message(message.ok() && message->has_value() ? **message : "");
}

void AddWarnings(const std::vector<Warning>& warnings, v1::RecordResult& result) {
  for (const Warning& warning : warnings) {
    v1::UpstreamReason* reason = result.add_warnings();
    reason->set_code(warning.code);
    reason->set_message(warning.message);
  }
}

v1::RecordResult Failed(absl::string_view code, absl::string_view message) {
  v1::RecordResult result;
  result.set_status(v1::RECORD_STATUS_FAILED);
  v1::UpstreamReason* reason = result.add_reasons();
  reason->set_code(std::string(code));
  reason->set_message(std::string(message));
  return result;
}

int32_t ClampToInt32(int64_t value) {
  return static_cast<int32_t>(std::clamp<int64_t>(value, 0, std::numeric_limits<int32_t>::max()));
}

}  // namespace

absl::StatusOr<std::vector<const rapidjson::Value*>> ResultObjects(const Envelope& envelope,
                                                                   absl::string_view what) {
  std::vector<const rapidjson::Value*> objects;
  absl::StatusOr<const rapidjson::Value*> result = envelope.Result();
  if (!result.ok()) return UnreadableAnswer(what, result.status());
  if (*result == nullptr) return objects;
  for (const rapidjson::Value& item : (*result)->GetArray()) {
    if (!item.IsObject()) {
      return UnreadableAnswer(what, absl::InvalidArgumentError("a result item is not an object"));
    }
    objects.push_back(&item);
  }
  return objects;
}

absl::StatusOr<std::vector<v1::Lead>> ParseLeads(const Envelope& envelope, absl::string_view what) {
  LEADGW_ASSIGN_OR_RETURN(std::vector<const rapidjson::Value*> objects,
                          ResultObjects(envelope, what));
  std::vector<v1::Lead> leads;
  leads.reserve(objects.size());
  for (const rapidjson::Value* object : objects) {
    absl::StatusOr<v1::Lead> lead = LeadFromJson(*object);
    if (!lead.ok()) return UnreadableAnswer(what, lead.status());
    leads.push_back(*std::move(lead));
  }
  return leads;
}

v1::RecordResult ParseRecordResult(const rapidjson::Value& record, absl::string_view id_member) {
  if (!record.IsObject()) {
    return Failed("gateway.malformed_result", "Marketo's result for this record is not an object");
  }
  // The members read, found in one pass (the first of a repeated name, as FindMember):
  // a 300-record answer has 300 of these.
  const rapidjson::Value* id = nullptr;
  const rapidjson::Value* reasons = nullptr;
  const rapidjson::Value* reason = nullptr;
  const rapidjson::Value* warnings = nullptr;
  const rapidjson::Value* status = nullptr;
  for (const auto& member : record.GetObject()) {
    const absl::string_view name(member.name.GetString(), member.name.GetStringLength());
    const rapidjson::Value** slot = name == id_member   ? &id
                                    : name == "status"  ? &status
                                    : name == "reasons" ? &reasons
                                    : name == "reason"  ? &reason
                                    : name == "warnings" ? &warnings
                                                         : nullptr;
    if (slot != nullptr && *slot == nullptr) *slot = &member.value;
  }
  v1::RecordResult result;
  if (id != nullptr) {
    absl::StatusOr<std::string> text = common::ScalarToString(*id);
    if (text.ok()) result.set_id(*std::move(text));
  }
  if (reasons != nullptr && reasons->IsArray()) {
    for (const rapidjson::Value& one : reasons->GetArray()) AddReason(one, result);
  }
  if (reason != nullptr && reason->IsObject()) AddReason(*reason, result);
  if (warnings != nullptr) AddWarnings(ParseWarnings(warnings), result);
  // A number or bool status is read as its text (an unknown status); null, an object or
  // an array is no status.
  std::string scalar_status;
  absl::string_view text;
  if (status != nullptr && status->IsString()) {
    text = absl::string_view(status->GetString(), status->GetStringLength());
  } else if (status != nullptr) {
    scalar_status = common::ScalarToString(*status).value_or("");
    text = scalar_status;
  }
  // A static list's "added" / "removed" create / delete the membership record.
  if (text == "created" || text == "added") {
    result.set_status(v1::RECORD_STATUS_CREATED);
  } else if (text == "updated") {
    result.set_status(v1::RECORD_STATUS_UPDATED);
  } else if (text == "deleted" || text == "removed") {
    result.set_status(v1::RECORD_STATUS_DELETED);
  } else if (text == "skipped") {
    result.set_status(v1::RECORD_STATUS_SKIPPED);
  } else {
    result.set_status(v1::RECORD_STATUS_FAILED);
    if (result.reasons().empty()) {
      v1::UpstreamReason* reason = result.add_reasons();
      reason->set_code(text.empty() ? "gateway.missing_status" : "gateway.unknown_status");
      reason->set_message(text.empty() ? "Marketo gave no status for this record"
                                       : absl::StrCat("Marketo status '", text, "'"));
    }
  }
  return result;
}

std::vector<v1::RecordResult> ParseRecordResults(const Envelope& envelope, int first_index,
                                                 int count, absl::string_view id_member) {
  std::vector<v1::RecordResult> results;
  results.reserve(count);
  absl::StatusOr<const rapidjson::Value*> array = envelope.Result();
  const rapidjson::Value* items = array.ok() ? *array : nullptr;
  const int available = items == nullptr ? 0 : static_cast<int>(items->Size());
  for (int i = 0; i < count; ++i) {
    v1::RecordResult result =
        i < available ? ParseRecordResult((*items)[static_cast<rapidjson::SizeType>(i)], id_member)
                      : Failed("gateway.missing_result",
                               absl::StrCat("Marketo answered ", available, " results for ", count,
                                            " records (requestId ", envelope.request_id, ")"));
    result.set_index(first_index + i);
    // A caller reads results per record, so a call-level warning goes on each record
    // of the call it concerns.
    AddWarnings(envelope.warnings, result);
    results.push_back(std::move(result));
  }
  return results;
}

absl::StatusOr<std::vector<v1::LeadField>> ParseDescribe(const Envelope& envelope) {
  LEADGW_ASSIGN_OR_RETURN(std::vector<const rapidjson::Value*> objects,
                          ResultObjects(envelope, "describe_leads"));
  std::vector<v1::LeadField> fields;
  for (const rapidjson::Value* object : objects) {
    absl::StatusOr<const rapidjson::Value*> rest = common::GetObject(*object, "rest");
    if (!rest.ok()) return UnreadableAnswer("describe_leads", rest.status());
    if (*rest == nullptr) continue;  // SOAP-only field
    v1::LeadField field;
    absl::StatusOr<std::string> name = common::RequireString(**rest, "name");
    if (!name.ok()) return UnreadableAnswer("describe_leads", name.status());
    field.set_name(*name);
    auto display = common::GetString(*object, "displayName");
    auto type = common::GetString(*object, "dataType");
    auto length = common::GetInt64(*object, "length");
    auto id = common::GetString(*object, "id");
    auto read_only = common::GetBool(**rest, "readOnly");
    for (const absl::Status& s :
         {display.status(), type.status(), length.status(), id.status(), read_only.status()}) {
      if (!s.ok()) return UnreadableAnswer("describe_leads", s);
    }
    field.set_display_name(display->value_or(""));
    field.set_data_type(type->value_or(""));
    field.set_length(ClampToInt32(length->value_or(0)));
    field.set_id(id->value_or(""));
    field.set_read_only(read_only->value_or(false));
    field.set_neutral_name(std::string(NeutralNameFor(*name)));
    field.set_searchable(IsStandardFilterType(*name));
    fields.push_back(std::move(field));
  }
  return fields;
}

namespace {

// The names of searchableFields' single-field entries of one describe2 item.
absl::StatusOr<absl::flat_hash_set<std::string>> SingleSearchableFields(
    const rapidjson::Value& item) {
  absl::flat_hash_set<std::string> names;
  LEADGW_ASSIGN_OR_RETURN(const rapidjson::Value* groups,
                          common::GetArray(item, "searchableFields"));
  if (groups == nullptr) return names;
  for (const rapidjson::Value& group : groups->GetArray()) {
    if (!group.IsArray()) {
      return absl::InvalidArgumentError("a searchableFields entry is not an array");
    }
    if (group.Size() == 1 && group[0].IsString()) {
      names.insert(std::string(group[0].GetString(), group[0].GetStringLength()));
    }
  }
  return names;
}

absl::StatusOr<v1::LeadField> Describe2Field(const rapidjson::Value& json,
                                             const absl::flat_hash_set<std::string>& searchable) {
  if (!json.IsObject()) return absl::InvalidArgumentError("a field is not an object");
  LEADGW_ASSIGN_OR_RETURN(std::string name, common::RequireString(json, "name"));
  auto display = common::GetString(json, "displayName");
  auto type = common::GetString(json, "dataType");
  auto length = common::GetInt64(json, "length");
  auto updateable = common::GetBool(json, "updateable");
  for (const absl::Status& s :
       {display.status(), type.status(), length.status(), updateable.status()}) {
    LEADGW_RETURN_IF_ERROR(s);
  }
  v1::LeadField field;
  field.set_display_name(display->value_or(""));
  field.set_data_type(type->value_or(""));
  field.set_length(ClampToInt32(length->value_or(0)));
  field.set_read_only(!updateable->value_or(true));
  field.set_neutral_name(std::string(NeutralNameFor(name)));
  field.set_searchable(searchable.contains(name));
  field.set_name(std::move(name));
  return field;
}

}  // namespace

absl::StatusOr<std::vector<v1::LeadField>> ParseDescribe2(const Envelope& envelope) {
  LEADGW_ASSIGN_OR_RETURN(std::vector<const rapidjson::Value*> objects,
                          ResultObjects(envelope, "describe_leads2"));
  std::vector<v1::LeadField> fields;
  for (const rapidjson::Value* object : objects) {
    absl::StatusOr<absl::flat_hash_set<std::string>> searchable = SingleSearchableFields(*object);
    if (!searchable.ok()) return UnreadableAnswer("describe_leads2", searchable.status());
    absl::StatusOr<const rapidjson::Value*> items = common::GetArray(*object, "fields");
    if (!items.ok()) return UnreadableAnswer("describe_leads2", items.status());
    if (*items == nullptr) continue;
    for (const rapidjson::Value& item : (*items)->GetArray()) {
      absl::StatusOr<v1::LeadField> field = Describe2Field(item, *searchable);
      if (!field.ok()) return UnreadableAnswer("describe_leads2", field.status());
      fields.push_back(*std::move(field));
    }
  }
  return fields;
}

absl::StatusOr<std::vector<v1::LeadPartition>> ParsePartitions(const Envelope& envelope) {
  LEADGW_ASSIGN_OR_RETURN(std::vector<const rapidjson::Value*> objects,
                          ResultObjects(envelope, "get_partitions"));
  std::vector<v1::LeadPartition> partitions;
  for (const rapidjson::Value* object : objects) {
    auto id = common::RequireString(*object, "id");
    auto name = common::RequireString(*object, "name");
    auto description = common::GetString(*object, "description");
    for (const absl::Status& s : {id.status(), name.status(), description.status()}) {
      if (!s.ok()) return UnreadableAnswer("get_partitions", s);
    }
    v1::LeadPartition partition;
    partition.set_id(*id);
    partition.set_name(*name);
    partition.set_description(description->value_or(""));
    partitions.push_back(std::move(partition));
  }
  return partitions;
}

}  // namespace leadgw::backends::marketo
