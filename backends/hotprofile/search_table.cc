#include "backends/hotprofile/search_table.h"

namespace leadgw::backends::hotprofile {
namespace {

using S = SearchType;

// clang-format off
constexpr SearchSpec kLeadSearches[] = {
    {"family_name", S::kText}, {"first_name", S::kText}, {"client_name", S::kText},
    {"from_id", S::kId}, {"to_id", S::kId},
    // Documented as a partial match; an id matches exactly (emulators/hotprofile/README.md).
    {"client_id", S::kId},
    {"client][name_kana", S::kText}, {"client][name_disp", S::kText},
    {"owner_user_id", S::kId}, {"role_id", S::kId}, {"organization_id", S::kId},
    {"organization_name", S::kText}, {"organization_ancestry_all_name", S::kText},
    {"post", S::kText}, {"family_name_kana", S::kText}, {"first_name_kana", S::kText},
    {"email", S::kText}, {"mobile_email", S::kText}, {"tel", S::kText},
    {"extension", S::kText}, {"fax", S::kText}, {"mobile_tel", S::kText}, {"zip", S::kText},
    {"pref", S::kText}, {"address", S::kText}, {"url", S::kText},
    {"from_created_on", S::kDate}, {"to_created_on", S::kDate},
    {"from_updated_on", S::kDate}, {"to_updated_on", S::kDate},
    {"from_datetime_updated_on", S::kDateTime}, {"to_datetime_updated_on", S::kDateTime},
    {"from_trade_on", S::kDate}, {"to_trade_on", S::kDate},
    {"from_latitude", S::kNumber}, {"to_latitude", S::kNumber},
    {"from_longitude", S::kNumber}, {"to_longitude", S::kNumber},
    {"latitude", S::kText}, {"longitude", S::kText},
    {"lead_status", S::kId}, {"lead_source_kbn_ids", S::kIdList}, {"lead_source", S::kText},
    {"important_customer_flg", S::kFlag}, {"end_user_flg", S::kFlag}, {"store_flg", S::kFlag},
    {"competitor_flg", S::kFlag}, {"error_mail_flg", S::kFlag}, {"error_tel_flg", S::kFlag},
    {"error_fax_flg", S::kFlag}, {"error_address_flg", S::kFlag}, {"not_mail_flg", S::kFlag},
    {"not_tel_flg", S::kFlag}, {"not_fax_flg", S::kFlag}, {"not_dm_flg", S::kFlag},
    {"note", S::kText}, {"customer_id", S::kText}, {"name", S::kText},
    {"ids", S::kIdList}, {"user_ids", S::kIdList}, {"multiple", S::kText},
};

constexpr SearchSpec kClientSearches[] = {
    {"from_id", S::kId}, {"to_id", S::kId}, {"name", S::kText}, {"name_kana", S::kText},
    {"name_disp", S::kText}, {"zip", S::kText}, {"address", S::kText},
    {"latitude", S::kText}, {"longitude", S::kText}, {"corporate_number", S::kText},
    {"main_tel", S::kText}, {"url", S::kText}, {"mail_domain", S::kText}, {"note", S::kText},
    {"user_ids", S::kIdList}, {"name_sub", S::kText}, {"name_kana_sub", S::kText},
    {"zip_sub", S::kText}, {"address_sub", S::kText}, {"pref_sub", S::kText},
    {"from_created_on", S::kDate}, {"to_created_on", S::kDate},
    {"from_updated_on", S::kDate}, {"to_updated_on", S::kDate},
    {"from_datetime_updated_on", S::kDateTime}, {"to_datetime_updated_on", S::kDateTime},
};

constexpr SearchSpec kBusinessCardSearches[] = {
    {"family_name", S::kText}, {"first_name", S::kText}, {"family_name_kana", S::kText},
    {"first_name_kana", S::kText}, {"client_name", S::kText},
    {"from_trade_on", S::kDate}, {"to_trade_on", S::kDate},
    {"from_updated_on", S::kDate}, {"to_updated_on", S::kDate},
    {"from_created_on", S::kDate}, {"to_created_on", S::kDate},
    {"organization_ancestry_all_name", S::kText}, {"post", S::kText}, {"tel", S::kText},
    {"fax", S::kText}, {"mobile_tel", S::kText}, {"email", S::kText},
    {"mobile_email", S::kText}, {"role_id", S::kId}, {"zip", S::kText},
    {"address", S::kText}, {"url", S::kText}, {"note", S::kText}, {"direct_note", S::kText},
    {"lead_source", S::kText}, {"request_key", S::kText}, {"latitude", S::kText},
    {"longitude", S::kText},
};

constexpr FilterSpec kClientFilters[] = {
    {"from_id", "from_id", ""}, {"to_id", "to_id", ""}, {"name", "name", ""},
    {"name_kana", "name_kana", ""}, {"display_name", "name_disp", ""},
    {"postal_code", "zip", ""}, {"street", "address", ""}, {"phone", "main_tel", ""},
    {"website", "url", ""}, {"mail_domain", "mail_domain", ""}, {"note", "note", ""},
    {"corporate_number", "corporate_number", ""}, {"owner_ids", "user_ids", ""},
    {"created", "from_created_on", "to_created_on"},
    {"updated", "from_updated_on", "to_updated_on"},
    {"updated_after", "from_datetime_updated_on", ""},
    {"updated_before", "to_datetime_updated_on", ""},
};

constexpr FilterSpec kBusinessCardFilters[] = {
    {"last_name", "family_name", ""}, {"first_name", "first_name", ""},
    {"last_name_kana", "family_name_kana", ""}, {"first_name_kana", "first_name_kana", ""},
    {"company_name", "client_name", ""}, {"department", "organization_ancestry_all_name", ""},
    {"title", "post", ""}, {"phone", "tel", ""}, {"fax", "fax", ""},
    {"mobile_phone", "mobile_tel", ""}, {"email", "email", ""},
    {"mobile_email", "mobile_email", ""}, {"postal_code", "zip", ""},
    {"street", "address", ""}, {"website", "url", ""}, {"note", "note", ""},
    {"handwritten_note", "direct_note", ""}, {"lead_source", "lead_source", ""},
    {"request_key", "request_key", ""}, {"group_id", "role_id", ""},
    {"exchanged", "from_trade_on", "to_trade_on"},
    {"created", "from_created_on", "to_created_on"},
    {"updated", "from_updated_on", "to_updated_on"},
};

// Indexed by the neutral enum number (1, 2, 3); 0 is the upstream default (id ascending).
constexpr const char* kClientOrderKeys[] = {nullptr, "id", "created_at", "updated_at"};
constexpr const char* kBusinessCardOrderKeys[] = {nullptr, "id", "trade_on", "updated_at"};

// Neutral filter_field names whose search parameter is not the one of their lead field.
struct LeadAlias {
  const char* filter_field;
  const char* search;
};
constexpr LeadAlias kLeadAliases[] = {
    {"id", "ids"},
    {"owner_id", "user_ids"},
    {"lead_source_id", "lead_source_kbn_ids"},
};
// clang-format on

}  // namespace

absl::Span<const SearchSpec> SearchesOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return kLeadSearches;
    case ObjectKind::kClient:
      return kClientSearches;
    case ObjectKind::kBusinessCard:
      return kBusinessCardSearches;
  }
  return {};
}

const SearchSpec* FindSearch(ObjectKind kind, absl::string_view name) {
  for (const SearchSpec& spec : SearchesOf(kind)) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

absl::Span<const FilterSpec> FiltersOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kClient:
      return kClientFilters;
    case ObjectKind::kBusinessCard:
      return kBusinessCardFilters;
    case ObjectKind::kLead:
      break;
  }
  return {};
}

const char* OrderKeyOf(ObjectKind kind, int key) {
  if (key < 0 || key > 3) return nullptr;
  switch (kind) {
    case ObjectKind::kClient:
      return kClientOrderKeys[key];
    case ObjectKind::kBusinessCard:
      return kBusinessCardOrderKeys[key];
    case ObjectKind::kLead:
      break;
  }
  return nullptr;
}

const SearchSpec* LeadSearchForFilterField(absl::string_view filter_field) {
  for (const LeadAlias& alias : kLeadAliases) {
    if (filter_field == alias.filter_field) return FindSearch(ObjectKind::kLead, alias.search);
  }
  // A neutral lead field whose HotProfile name is searchable (last_name -> family_name,
  // company -> client_name, department -> organization_name, ...). Neutral names win: one
  // HotProfile cannot search is not searched under another field's HotProfile name
  // (lead_status, the name, is not HotProfile's lead_status, the id).
  if (const FieldSpec* field = FindFieldByNeutral(ObjectKind::kLead, filter_field)) {
    return FindSearch(ObjectKind::kLead, field->name);
  }
  return FindSearch(ObjectKind::kLead, filter_field);
}

}  // namespace leadgw::backends::hotprofile
