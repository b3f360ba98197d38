#include "backends/marketo/lead_json.h"

#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "backends/common/invalid_field.h"
#include "backends/common/json_reader.h"
#include "backends/common/text.h"
#include "backends/common/value_json.h"
#include "backends/marketo/value_to_json.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

struct FieldMapping {
  absl::string_view neutral;  // field of Lead, or of Lead.address when in_address
  absl::string_view marketo;  // REST API name
  bool in_address;
};

// Marketo standard fields (reference NOTES.md, "Standard lead field API names").
constexpr FieldMapping kMappings[] = {
    {"email", "email", false},
    {"first_name", "firstName", false},
    {"last_name", "lastName", false},
    {"company", "company", false},
    {"company_id", "externalCompanyId", false},
    {"title", "title", false},
    {"department", "department", false},
    {"phone", "phone", false},
    {"mobile_phone", "mobilePhone", false},
    {"fax", "fax", false},
    {"website", "website", false},
    {"lead_source", "leadSource", false},
    {"lead_status", "leadStatus", false},
    {"street", "address", true},
    {"city", "city", true},
    {"state", "state", true},
    {"postal_code", "postalCode", true},
    {"country", "country", true},
};

// Typed fields with no Marketo standard field (HotProfile's): rejected on writes.
constexpr FieldMapping kUnmapped[] = {
    {"first_name_kana", "", false}, {"last_name_kana", "", false},
    {"mobile_email", "", false},    {"note", "", false},
    {"department_id", "", false},   {"phone_extension", "", false},
    {"lead_source_id", "", false},  {"owner_id", "", false},
    {"prefecture_code", "", true},
};

const Message& Holder(const v1::Lead& lead, const FieldMapping& m) {
  return m.in_address ? static_cast<const Message&>(lead.address()) : lead;
}

// The descriptors of kMappings and kUnmapped, resolved once, in table order: looking each
// up by name for every field of every record cost ~14,000 instructions per upserted lead.
struct ResolvedFields {
  const FieldDescriptor* mapped[std::size(kMappings)];
  const FieldDescriptor* unmapped[std::size(kUnmapped)];
};

const FieldDescriptor* Resolve(const FieldMapping& m) {
  const google::protobuf::Descriptor* holder =
      m.in_address ? v1::Address::descriptor() : v1::Lead::descriptor();
  return holder->FindFieldByName(std::string(m.neutral));
}

const ResolvedFields& Resolved() {
  static const ResolvedFields* const kResolved = [] {
    auto* resolved = new ResolvedFields();
    for (size_t i = 0; i < std::size(kMappings); ++i) resolved->mapped[i] = Resolve(kMappings[i]);
    for (size_t i = 0; i < std::size(kUnmapped); ++i) {
      resolved->unmapped[i] = Resolve(kUnmapped[i]);
    }
    return resolved;
  }();
  return *kResolved;
}

// `m` is an element of kMappings or kUnmapped.
const FieldDescriptor* Descriptor(const FieldMapping& m) {
  const std::less<const FieldMapping*> before;
  if (!before(&m, std::begin(kMappings)) && before(&m, std::end(kMappings))) {
    return Resolved().mapped[&m - kMappings];
  }
  return Resolved().unmapped[&m - kUnmapped];
}

std::string PathOf(absl::string_view path, const FieldMapping& m) {
  return common::JoinPath(
      path, m.in_address ? absl::StrCat("address.", m.neutral) : std::string(m.neutral));
}

const FieldMapping* FindByMarketoName(absl::string_view name) {
  for (const FieldMapping& m : kMappings) {
    if (m.marketo == name) return &m;
  }
  return nullptr;
}

// True when WriteLeadMembers writes the member `marketo_name` for `lead`'s typed fields
// (`id` or a mapped field that is set): a custom field of that name would repeat it.
bool WritesTypedMember(const v1::Lead& lead, absl::string_view marketo_name) {
  if (marketo_name == "id") return !lead.id().empty();
  const FieldMapping* m = FindByMarketoName(marketo_name);
  if (m == nullptr) return false;
  const Message& holder = Holder(lead, *m);
  return holder.GetReflection()->HasField(holder, Descriptor(*m));
}

// Marketo's own form, "YYYY-MM-DDTHH:MM:SSZ", without cctz's general parser (two per lead,
// 600 in a 300-lead page). nullopt for anything else, which the general parser then reads.
std::optional<absl::Time> ParseUtcSeconds(absl::string_view text) {
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  std::optional<absl::CivilSecond> civil = common::ParseFixedSecond(text.substr(0, 19), '-', 'T');
  if (!civil.has_value()) return std::nullopt;
  return absl::FromCivil(*civil, absl::UTCTimeZone());
}

}  // namespace

bool ParseRfc3339(absl::string_view text, google::protobuf::Timestamp* out) {
  absl::Time time;
  if (std::optional<absl::Time> fast = ParseUtcSeconds(text)) {
    time = *fast;
  } else {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) return false;
  }
  const int64_t seconds = absl::ToUnixSeconds(time);
  out->set_seconds(seconds);
  out->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return true;
}

absl::Status WriteLeadMembers(const v1::Lead& lead, absl::string_view path, JsonWriter& out) {
  for (const FieldMapping& m : kUnmapped) {
    const Message& holder = Holder(lead, m);
    if (holder.GetReflection()->HasField(holder, Descriptor(m))) {
      return common::InvalidField(
          PathOf(path, m),
          "Marketo has no standard field for it; send the value in custom_fields under the "
          "instance's API name of a custom field");
    }
  }
  if (!lead.id().empty()) {
    int64_t id = 0;
    if (!absl::SimpleAtoi(lead.id(), &id) || id <= 0) {
      return common::InvalidField(common::JoinPath(path, "id"), "must be a positive decimal id");
    }
    out.Key("id");
    out.Int64(id);
  }
  for (const FieldMapping& m : kMappings) {
    const Message& holder = Holder(lead, m);
    const FieldDescriptor* field = Descriptor(m);
    if (!holder.GetReflection()->HasField(holder, field)) continue;
    WriteJsonString(m.marketo, out);
    std::string scratch;  // unused: string fields are returned by reference
    WriteJsonString(holder.GetReflection()->GetStringReference(holder, field, &scratch), out);
  }
  for (const auto& [key, value] : lead.custom_fields()) {
    // Built only for an error, not twice per custom field of every record upserted.
    const auto key_path = [&path, &key = key] {
      return common::KeyPath(common::JoinPath(path, "custom_fields"), key);
    };
    if (WritesTypedMember(lead, key)) {
      return common::InvalidField(key_path(), "repeats a typed field that is also set");
    }
    WriteJsonString(key, out);
    absl::Status converted = WriteValueJson(value, out);
    if (!converted.ok()) return common::InvalidField(key_path(), converted.message());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Lead> LeadFromJson(const rapidjson::Value& json) {
  if (!json.IsObject()) return absl::InvalidArgumentError("a lead is not a JSON object");
  v1::Lead lead;
  for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
    const absl::string_view name(it->name.GetString(), it->name.GetStringLength());
    const rapidjson::Value& value = it->value;
    if (value.IsNull()) continue;
    const bool scalar = !value.IsObject() && !value.IsArray();
    if (name == "id" && scalar) {
      LEADGW_ASSIGN_OR_RETURN(*lead.mutable_id(), common::ScalarToString(value));
      continue;
    }
    if ((name == "createdAt" || name == "updatedAt") && value.IsString()) {
      google::protobuf::Timestamp* stamp =
          name == "createdAt" ? lead.mutable_created_at() : lead.mutable_updated_at();
      if (ParseRfc3339(absl::string_view(value.GetString(), value.GetStringLength()), stamp)) {
        continue;
      }
      // Unparsable: keep the text where the caller can still see it.
      name == "createdAt" ? lead.clear_created_at() : lead.clear_updated_at();
    }
    const FieldMapping* m = FindByMarketoName(name);
    if (m != nullptr && scalar) {
      Message* holder = m->in_address ? static_cast<Message*>(lead.mutable_address()) : &lead;
      LEADGW_ASSIGN_OR_RETURN(std::string text, common::ScalarToString(value));
      holder->GetReflection()->SetString(holder, Descriptor(*m), std::move(text));
      continue;
    }
    (*lead.mutable_custom_fields())[std::string(name)] = common::JsonToValue(value);
  }
  return lead;
}

std::optional<std::string> LookupValue(const v1::Lead& lead, absl::string_view marketo_name) {
  if (marketo_name == "id") {
    if (lead.id().empty()) return std::nullopt;
    return lead.id();
  }
  if (const FieldMapping* m = FindByMarketoName(marketo_name)) {
    const Message& holder = Holder(lead, *m);
    const FieldDescriptor* field = Descriptor(*m);
    if (holder.GetReflection()->HasField(holder, field)) {
      return holder.GetReflection()->GetString(holder, field);
    }
  }
  auto it = lead.custom_fields().find(std::string(marketo_name));
  if (it == lead.custom_fields().end()) return std::nullopt;
  absl::StatusOr<std::string> text = common::ValueToText(it->second);
  if (!text.ok()) return std::nullopt;
  return *std::move(text);
}

absl::string_view NeutralNameFor(absl::string_view marketo_name) {
  static const auto* const kAddressNames =
      new absl::flat_hash_map<std::string, std::string>{{"address", "address.street"},
                                                        {"city", "address.city"},
                                                        {"state", "address.state"},
                                                        {"postalCode", "address.postal_code"},
                                                        {"country", "address.country"}};
  auto it = kAddressNames->find(marketo_name);
  if (it != kAddressNames->end()) return it->second;
  if (const FieldMapping* m = FindByMarketoName(marketo_name)) return m->neutral;
  if (marketo_name == "id") return "id";
  if (marketo_name == "createdAt") return "created_at";
  if (marketo_name == "updatedAt") return "updated_at";
  return "";
}

}  // namespace leadgw::backends::marketo
