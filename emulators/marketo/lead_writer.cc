#include "emulators/marketo/lead_writer.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace leadgw::emulators::marketo {
namespace {

UpsertResult Skipped(int64_t id, std::string code, std::string message) {
  UpsertResult r;
  r.id = id;
  r.status = "skipped";
  r.reason_code = std::move(code);
  r.reason_message = std::move(message);
  return r;
}

UpsertResult Done(int64_t id, const char* status) {
  UpsertResult r;
  r.id = id;
  r.status = status;
  return r;
}

bool IsAsciiEmail(const std::string& s) {
  if (s.find('@') == std::string::npos) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The record's value for the lookup field as text, or nullopt if absent/null.
std::optional<std::string> LookupValue(const rapidjson::Value& record,
                                       const std::string& field) {
  auto it = record.FindMember(field.c_str());
  if (it == record.MemberEnd() || it->value.IsNull()) return std::nullopt;
  if (it->value.IsString()) return std::string(it->value.GetString(), it->value.GetStringLength());
  if (it->value.IsInt64()) return absl::StrCat(it->value.GetInt64());
  return std::nullopt;
}

}  // namespace

bool RecordToFields(const LeadStore& store, const rapidjson::Value& record,
                    const std::vector<std::string>& ignored, FieldMap* fields,
                    std::string* code, std::string* message) {
  for (auto it = record.MemberBegin(); it != record.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) continue;
    std::optional<FieldDef> def = store.Field(name);
    if (!def.has_value()) {
      *code = "1006";
      *message = absl::StrCat("Field '", name, "' not found");
      return false;
    }
    if (def->read_only) continue;  // system fields are silently ignored
    absl::StatusOr<FieldValue> value = FieldValueFromJson(it->value, def->data_type);
    if (!value.ok()) {
      *code = "1001";
      *message = absl::StrCat("Invalid value for field '", name, "': ", value.status().message());
      return false;
    }
    if (def->data_type == "email" && value->kind == FieldValue::Kind::kString &&
        !value->s.empty() && !IsAsciiEmail(value->s)) {
      *code = "1003";
      *message = absl::StrCat("Invalid email address '", value->s, "'");
      return false;
    }
    (*fields)[name] = *value;
  }
  return true;
}

UpsertResult UpsertLead(LeadStore& store, const UpsertRequest& request,
                        const rapidjson::Value& record) {
  if (!record.IsObject()) return Skipped(0, "1003", "Input record must be an object");
  const std::string& action = request.action;
  const std::string& lookup = request.lookup_field;
  const bool has_id = record.HasMember("id");
  if (lookup == "id" && action != "updateOnly") {
    return Skipped(0, "1003", "Lookup field 'id' is only supported with updateOnly");
  }
  if (has_id && action != "updateOnly") {
    return Skipped(0, "1003", "Field 'id' is only allowed with action updateOnly");
  }
  if (lookup != "id" && lookup != "mktToken") {
    std::optional<FieldDef> def = store.Field(lookup);
    if (!def.has_value() || !def->searchable) {
      return Skipped(0, "1011", absl::StrCat("Field '", lookup, "' not supported for lookup"));
    }
  }
  int partition_id = 1;
  if (!request.partition_name.empty() && action != "updateOnly") {
    std::optional<Partition> p = store.PartitionByName(request.partition_name);
    if (!p.has_value()) {
      return Skipped(0, "1008", absl::StrCat("No access to partition '",
                                             request.partition_name, "'"));
    }
    partition_id = p->id;
  }
  FieldMap fields;
  std::string code, message;
  if (!RecordToFields(store, record, {"id", "mktToken"}, &fields, &code, &message)) {
    return Skipped(0, code, message);
  }

  if (action == "createDuplicate") return Done(store.InsertLead(fields, partition_id), "created");

  std::optional<std::string> key = LookupValue(record, lookup);
  std::vector<int64_t> matches;
  if (lookup == "mktToken") {
    if (!key.has_value()) return Skipped(0, "1003", "Value for lookup field 'mktToken' missing");
    std::optional<int64_t> id = store.LeadForMktToken(*key);
    if (!id.has_value()) return Skipped(0, "1003", "Invalid mktToken");
    matches.push_back(*id);
  } else if (key.has_value()) {
    if (action == "createOnly" ||
        (action == "createOrUpdate" && request.race_delay <= absl::ZeroDuration())) {
      const int64_t id = store.InsertIfAbsent(lookup, *key, fields, partition_id, &matches);
      if (id > 0) return Done(id, "created");
    } else {
      matches = store.LookupIds(lookup, *key);
    }
  } else if (action != "createOnly") {
    return Skipped(0, "1003", absl::StrCat("Value for lookup field '", lookup, "' missing"));
  }

  if (action == "createOnly") {
    if (!matches.empty()) return Skipped(matches.front(), "1005", "Lead already exists");
    return Done(store.InsertLead(fields, partition_id), "created");
  }
  if (matches.size() > 1) {
    return Skipped(0, "1007", "Multiple lead match lookup criteria");
  }
  if (matches.empty()) {
    if (action == "updateOnly") return Skipped(0, "1004", "Lead not found");
    // createOrUpdate with race_delay: the store is not held across this sleep, which is
    // exactly the window in which a concurrent upsert of the same key also inserts.
    absl::SleepFor(request.race_delay);
    return Done(store.InsertLead(fields, partition_id), "created");
  }
  const int64_t id = matches.front();
  if (!request.partition_name.empty() && action != "updateOnly") {
    std::optional<Lead> existing = store.GetLead(id);
    if (existing.has_value() && existing->partition_id != partition_id) {
      return Skipped(id, "1010", "Partition update not allowed");
    }
  }
  if (!store.UpdateLead(id, fields)) return Skipped(id, "1004", "Lead not found");
  return Done(id, "updated");
}

}  // namespace leadgw::emulators::marketo
