#include "backends/marketo/lead_json.h"

#include <array>
#include <cstdint>
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

// A typed string field's value when set, else nullptr. Plain accessor calls, not
// reflection: Reflection::HasField/GetString (each behind GetReflection()'s descriptor
// once-check) cost ~250 instructions per mapped field of every upserted lead (issue 16).
using TextOf = const std::string* (*)(const v1::Lead&);
using FlagOf = std::optional<bool> (*)(const v1::Lead&);
using IsSetIn = bool (*)(const v1::Lead&);

template <const std::string& (v1::Lead::*kGet)() const, bool (v1::Lead::*kHas)() const>
const std::string* LeadText(const v1::Lead& lead) {
  return (lead.*kHas)() ? &(lead.*kGet)() : nullptr;
}

template <const std::string& (v1::Address::*kGet)() const, bool (v1::Address::*kHas)() const>
const std::string* AddressText(const v1::Lead& lead) {
  return (lead.address().*kHas)() ? &(lead.address().*kGet)() : nullptr;
}

// The consent flags: JSON booleans upstream, not text.
template <bool (v1::Lead::*kGet)() const, bool (v1::Lead::*kHas)() const>
std::optional<bool> LeadFlag(const v1::Lead& lead) {
  return (lead.*kHas)() ? std::optional<bool>((lead.*kGet)()) : std::nullopt;
}

const std::string* NoText(const v1::Lead&) { return nullptr; }

template <bool (v1::Lead::*kHas)() const>
bool LeadHas(const v1::Lead& lead) {
  return (lead.*kHas)();
}

struct FieldMapping {
  absl::string_view neutral;  // field of Lead, or of Lead.address when in_address
  absl::string_view marketo;  // REST API name
  bool in_address;
  TextOf text;             // NoText for a flag
  FlagOf flag = nullptr;   // set for a boolean field
};

// Marketo standard fields (reference NOTES.md, "Standard lead field API names").
constexpr FieldMapping kMappings[] = {
    {"email", "email", false, LeadText<&v1::Lead::email, &v1::Lead::has_email>},
    {"first_name", "firstName", false,
     LeadText<&v1::Lead::first_name, &v1::Lead::has_first_name>},
    {"last_name", "lastName", false, LeadText<&v1::Lead::last_name, &v1::Lead::has_last_name>},
    {"company", "company", false, LeadText<&v1::Lead::company, &v1::Lead::has_company>},
    {"external_company_id", "externalCompanyId", false,
     LeadText<&v1::Lead::external_company_id, &v1::Lead::has_external_company_id>},
    {"title", "title", false, LeadText<&v1::Lead::title, &v1::Lead::has_title>},
    {"department", "department", false,
     LeadText<&v1::Lead::department, &v1::Lead::has_department>},
    {"phone", "phone", false, LeadText<&v1::Lead::phone, &v1::Lead::has_phone>},
    {"mobile_phone", "mobilePhone", false,
     LeadText<&v1::Lead::mobile_phone, &v1::Lead::has_mobile_phone>},
    {"fax", "fax", false, LeadText<&v1::Lead::fax, &v1::Lead::has_fax>},
    {"website", "website", false, LeadText<&v1::Lead::website, &v1::Lead::has_website>},
    {"lead_source", "leadSource", false,
     LeadText<&v1::Lead::lead_source, &v1::Lead::has_lead_source>},
    {"lead_status", "leadStatus", false,
     LeadText<&v1::Lead::lead_status, &v1::Lead::has_lead_status>},
    {"street", "address", true, AddressText<&v1::Address::street, &v1::Address::has_street>},
    {"city", "city", true, AddressText<&v1::Address::city, &v1::Address::has_city>},
    {"state", "state", true, AddressText<&v1::Address::state, &v1::Address::has_state>},
    {"postal_code", "postalCode", true,
     AddressText<&v1::Address::postal_code, &v1::Address::has_postal_code>},
    {"country", "country", true, AddressText<&v1::Address::country, &v1::Address::has_country>},
    {"email_opt_out", "unsubscribed", false, NoText,
     LeadFlag<&v1::Lead::email_opt_out, &v1::Lead::has_email_opt_out>},
    {"phone_opt_out", "doNotCall", false, NoText,
     LeadFlag<&v1::Lead::phone_opt_out, &v1::Lead::has_phone_opt_out>},
};

constexpr absl::string_view kNoStandardField =
    "Marketo has no standard field for it; send the value in custom_fields under the "
    "instance's API name of a custom field";

struct UnmappedField {
  absl::string_view neutral;  // field of Lead, or of Lead.address when in_address
  bool in_address;
  IsSetIn is_set;
  absl::string_view problem = kNoStandardField;  // the error message's text
};

// Typed fields with no Marketo standard field (HotProfile's): rejected on writes.
constexpr UnmappedField kUnmapped[] = {
    // HotProfile's ids that share a concept with a Marketo field of another type: the
    // message names the field that carries Marketo's.
    {"company_id", false, LeadHas<&v1::Lead::has_company_id>,
     "HotProfile's client_id; Marketo's company key is external_company_id "
     "(externalCompanyId): use external_company_id"},
    {"lead_status_id", false, LeadHas<&v1::Lead::has_lead_status_id>,
     "HotProfile's status id; Marketo sets a lead's status by name: use lead_status "
     "(leadStatus)"},
    {"first_name_kana", false, LeadHas<&v1::Lead::has_first_name_kana>},
    {"last_name_kana", false, LeadHas<&v1::Lead::has_last_name_kana>},
    {"mobile_email", false, LeadHas<&v1::Lead::has_mobile_email>},
    {"note", false, LeadHas<&v1::Lead::has_note>},
    {"department_id", false, LeadHas<&v1::Lead::has_department_id>},
    {"phone_extension", false, LeadHas<&v1::Lead::has_phone_extension>},
    {"lead_source_id", false, LeadHas<&v1::Lead::has_lead_source_id>},
    {"owner_id", false, LeadHas<&v1::Lead::has_owner_id>},
    {"prefecture_code", true,
     [](const v1::Lead& lead) { return lead.address().has_prefecture_code(); }},
    {"fax_opt_out", false, LeadHas<&v1::Lead::has_fax_opt_out>},
    {"mail_opt_out", false, LeadHas<&v1::Lead::has_mail_opt_out>},
};

// The descriptors of kMappings, resolved once, in table order, for LeadFromJson's setter
// (looking each up by name per field cost ~14,000 instructions per lead).
const FieldDescriptor* Descriptor(const FieldMapping& m) {
  static const auto* const kResolved = [] {
    auto* resolved = new std::array<const FieldDescriptor*, std::size(kMappings)>();
    for (size_t i = 0; i < std::size(kMappings); ++i) {
      const google::protobuf::Descriptor* holder =
          kMappings[i].in_address ? v1::Address::descriptor() : v1::Lead::descriptor();
      (*resolved)[i] = holder->FindFieldByName(std::string(kMappings[i].neutral));
    }
    return resolved;
  }();
  return (*kResolved)[&m - kMappings];
}

std::string PathOf(absl::string_view path, bool in_address, absl::string_view neutral) {
  return common::JoinPath(
      path, in_address ? absl::StrCat("address.", neutral) : std::string(neutral));
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
  return m != nullptr &&
         (m->text(lead) != nullptr || (m->flag != nullptr && m->flag(lead).has_value()));
}

// Marketo's own form, "YYYY-MM-DDTHH:MM:SSZ", without cctz's general parser (two per lead,
// 600 in a 300-lead page). nullopt for anything else, which the general parser then reads.
std::optional<absl::Time> ParseUtcSeconds(absl::string_view text) {
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  std::optional<absl::CivilSecond> civil = common::ParseFixedSecond(text.substr(0, 19), '-', 'T');
  if (!civil.has_value()) return std::nullopt;
  return absl::FromCivil(*civil, absl::UTCTimeZone());
}

// WriteLeadMembers for both writers.
template <typename Writer>
absl::Status WriteLead(const v1::Lead& lead, absl::string_view path, Writer& out) {
  for (const UnmappedField& u : kUnmapped) {
    if (u.is_set(lead)) {
      return common::InvalidField(PathOf(path, u.in_address, u.neutral), u.problem);
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
    if (m.flag != nullptr) {
      if (const std::optional<bool> flag = m.flag(lead)) {
        WriteJsonString(m.marketo, out);
        out.Bool(*flag);
      }
      continue;
    }
    const std::string* text = m.text(lead);
    if (text == nullptr) continue;
    WriteJsonString(m.marketo, out);
    WriteJsonString(*text, out);
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
  return WriteLead(lead, path, out);
}

absl::Status WriteLeadMembers(const v1::Lead& lead, absl::string_view path,
                              DiscardingJsonWriter& out) {
  return WriteLead(lead, path, out);
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
      if (m->flag != nullptr) {
        // A value that is no boolean stays visible in custom_fields rather than failing
        // the page.
        if (absl::StatusOr<bool> flag = common::ScalarToBool(value); flag.ok()) {
          holder->GetReflection()->SetBool(holder, Descriptor(*m), *flag);
          continue;
        }
        (*lead.mutable_custom_fields())[std::string(name)] = common::JsonToValue(value);
        continue;
      }
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
    if (const std::string* text = m->text(lead)) return *text;
    if (m->flag != nullptr) {
      if (const std::optional<bool> flag = m->flag(lead)) {
        return std::string(*flag ? "true" : "false");
      }
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
