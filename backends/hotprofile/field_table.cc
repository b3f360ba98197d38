#include "backends/hotprofile/field_table.h"

#include <array>

#include "absl/container/flat_hash_map.h"

namespace leadgw::backends::hotprofile {
namespace {

using V = ValueType;
constexpr Need N = Need::kNo;
constexpr Need O = Need::kOptional;
constexpr Need R = Need::kRequired;

// clang-format off
constexpr FieldSpec kLeadFields[] = {
    // name                         neutral                    type            limit create update codes  label
    {"id",                          "id",                      V::kId,           0, N, R, "", "Lead ID"},
    {"client_id",                   "company_id",              V::kId,           0, R, R, "", "Client ID"},
    {"family_name",                 "last_name",               V::kText,       100, R, O, "", "Family name"},
    {"first_name",                  "first_name",              V::kText,       100, O, O, "", "First name"},
    {"family_name_kana",            "last_name_kana",          V::kText,       100, O, O, "", "Family name (kana)"},
    {"first_name_kana",             "first_name_kana",         V::kText,       100, O, O, "", "First name (kana)"},
    {"organization_id",             "department_id",           V::kId,           0, O, O, "", "Department ID"},
    {"post",                        "title",                   V::kText,       255, O, O, "", "Position"},
    {"tel",                         "phone",                   V::kText,       100, O, O, "", "Phone"},
    {"extension",                   "phone_extension",         V::kDigits,       8, O, O, "", "Extension"},
    {"fax",                         "fax",                     V::kText,       100, O, O, "", "Fax"},
    {"email",                       "email",                   V::kText,       200, O, O, "", "Email"},
    {"mobile_tel",                  "mobile_phone",            V::kText,       100, O, O, "", "Mobile phone"},
    {"mobile_email",                "mobile_email",            V::kText,       100, O, O, "", "Mobile email"},
    {"zip",                         "address.postal_code",     V::kText,        50, O, O, "", "Postal code"},
    {"pref_id",                     "address.prefecture_code", V::kInteger,      0, O, O, "", "Prefecture code"},
    {"address",                     "address.street",          V::kText,       255, O, O, "", "Street address"},
    {"url",                         "website",                 V::kText,       255, O, O, "", "URL"},
    {"lead_status",                 "lead_status_id",          V::kId,           0, O, O, "", "Lead status"},
    {"latitude",                    "",                        V::kCoordinate,   0, O, O, "", "Latitude"},
    {"longitude",                   "",                        V::kCoordinate,   0, O, O, "", "Longitude"},
    {"lead_source_kbn_id",          "lead_source_id",          V::kId,           0, O, O, "", "Lead source ID"},
    {"lead_source",                 "lead_source",             V::kText,      3000, O, O, "", "Lead source details"},
    {"note",                        "note",                    V::kText,      3000, O, O, "", "Note"},
    {"error_mail_flg",              "",                        V::kFlag,         0, O, O, "", "Email error"},
    {"error_tel_flg",               "",                        V::kFlag,         0, O, O, "", "Phone number error"},
    {"error_fax_flg",               "",                        V::kFlag,         0, O, O, "", "Fax number error"},
    {"error_address_flg",           "",                        V::kFlag,         0, O, O, "", "Address error"},
    {"not_mail_flg",                "email_opt_out",           V::kFlag,         0, O, O, "", "Email refused"},
    {"not_tel_flg",                 "phone_opt_out",           V::kFlag,         0, O, O, "", "Calls refused"},
    {"not_fax_flg",                 "fax_opt_out",             V::kFlag,         0, O, O, "", "Fax refused"},
    {"not_dm_flg",                  "mail_opt_out",            V::kFlag,         0, O, O, "", "Direct mail refused"},
    {"competitor_flg",              "",                        V::kFlag,         0, O, O, "", "Competitor"},
    {"important_customer_flg",      "",                        V::kFlag,         0, O, O, "", "Important customer"},
    {"end_user_flg",                "",                        V::kFlag,         0, O, O, "", "End user"},
    {"store_flg",                   "",                        V::kFlag,         0, O, O, "", "Sales outlet"},
    {"customer_id",                 "",                        V::kText,       255, O, O, "", "Customer ID"},
    // Typed string in the swagger, but its value is a registered user id.
    {"owner_user_id",               "owner_id",                V::kId,           0, O, O, "", "Salesperson user ID"},
    // Output only.
    {"client_name",                 "company",                 V::kText,         0, N, N, "", "Client name"},
    {"name",                        "full_name",               V::kText,         0, N, N, "", "Full name"},
    {"name_kana",                   "full_name_kana",          V::kText,         0, N, N, "", "Full name (kana)"},
    {"pref",                        "address.state",           V::kText,         0, N, N, "", "Prefecture"},
    {"address1",                    "",                        V::kText,         0, N, N, "", "Street address 1"},
    {"address2",                    "",                        V::kText,         0, N, N, "", "Street address 2"},
    {"address3",                    "",                        V::kText,         0, N, N, "", "Street address 3"},
    {"organization_name",           "department",              V::kText,         0, N, N, "", "Department"},
    {"organization_hierarchy",      "",                        V::kList,         0, N, N, "", "Department hierarchy"},
    {"owner_user_code",             "",                        V::kText,         0, N, N, "", "Salesperson user code"},
    {"owner_user_name",             "owner_name",              V::kText,         0, N, N, "", "Salesperson"},
    {"user_names",                  "",                        V::kList,         0, N, N, "", "Business card owners"},
    {"lead_status_name",            "lead_status",             V::kText,         0, N, N, "", "Lead status name"},
    {"lead_source_kbn_name",        "",                        V::kText,         0, N, N, "", "Lead source"},
    {"interest_product_type_ids",   "",                        V::kList,         0, N, N, "", "Interest product ids"},
    {"interest_product_type_names", "interest_products",       V::kList,         0, N, N, "", "Interest products"},
    {"tag_ids",                     "",                        V::kList,         0, N, N, "", "Tag ids"},
    {"tags",                        "tags",                    V::kList,         0, N, N, "", "Tags"},
    {"trade_on",                    "",                        V::kDate,         0, N, N, "", "Information date"},
    {"created_at",                  "created_at",              V::kDateTime,     0, N, N, "", "Created at"},
    {"updated_at",                  "updated_at",              V::kDateTime,     0, N, N, "", "Updated at"},
    {"items",                       "",                        V::kList,         0, N, N, "", "Custom items"},
    {"itemslabel",                  "",                        V::kText,         0, N, N, "", "Custom item label"},
    {"itemsvalue",                  "",                        V::kText,         0, N, N, "", "Custom item value"},
};

constexpr FieldSpec kClientFields[] = {
    {"id",                          "id",                      V::kId,           0, N, R, "", "Client ID"},
    {"name",                        "name",                    V::kText,       255, R, O, "", "Client name"},
    {"name_kana",                   "name_kana",               V::kText,       255, O, O, "", "Client name (kana)"},
    {"name_disp",                   "display_name",            V::kText,       255, R, O, "", "Short name"},
    {"zip",                         "address.postal_code",     V::kText,       100, O, O, "", "Postal code"},
    {"pref_id",                     "address.prefecture_code", V::kInteger,      0, O, O, "", "Prefecture code"},
    {"address",                     "address.street",          V::kText,       255, O, O, "", "Street address"},
    {"latitude",                    "",                        V::kCoordinate,   0, O, O, "", "Latitude"},
    {"longitude",                   "",                        V::kCoordinate,   0, O, O, "", "Longitude"},
    {"business_category_kbn",       "",                        V::kId,           0, O, O, "", "Industry"},
    {"worker_number_kbn",           "",                        V::kId,           0, O, O, "", "Employees"},
    {"capital_kbn",                 "",                        V::kId,           0, O, O, "", "Capital"},
    {"ipo_kbn",                     "",                        V::kId,           0, O, O, "", "Listing"},
    {"sales_last_year",             "sales_last_year",         V::kText,       255, O, O, "", "Sales last year"},
    {"main_tel",                    "phone",                   V::kText,       255, O, O, "", "Main phone"},
    {"url",                         "website",                 V::kText,       255, O, O, "", "URL"},
    {"mail_domain",                 "mail_domain",             V::kText,       255, O, O, "", "Email domain"},
    {"user_id",                     "owner_id",                V::kId,           0, O, O, "", "Salesperson user ID"},
    {"note",                        "note",                    V::kText,      3000, O, O, "", "Note"},
    {"name_sub",                    "",                        V::kText,       255, O, O, "", "Client name (second language)"},
    {"name_kana_sub",               "",                        V::kText,       255, O, O, "", "Client name kana (second language)"},
    {"zip_sub",                     "",                        V::kText,       100, O, O, "", "Postal code (second language)"},
    {"address_sub",                 "",                        V::kText,       255, O, O, "", "Address (second language)"},
    {"pref_sub",                    "",                        V::kText,       255, O, O, "", "Prefecture (second language)"},
    // Output only.
    {"pref",                        "address.state",           V::kText,         0, N, N, "", "Prefecture"},
    {"address1",                    "",                        V::kText,         0, N, N, "", "Street address 1"},
    {"address2",                    "",                        V::kText,         0, N, N, "", "Street address 2"},
    {"address3",                    "",                        V::kText,         0, N, N, "", "Street address 3"},
    {"user_name",                   "owner_name",              V::kText,         0, N, N, "", "Salesperson"},
    {"user_code",                   "",                        V::kText,         0, N, N, "", "Salesperson user code"},
    {"corporate_number",            "corporate_number",        V::kId,           0, N, N, "", "Corporate number"},
    {"created_at",                  "created_at",              V::kDateTime,     0, N, N, "", "Created at"},
    {"updated_at",                  "updated_at",              V::kDateTime,     0, N, N, "", "Updated at"},
    {"items",                       "",                        V::kList,         0, N, N, "", "Custom items"},
    {"itemslabel",                  "",                        V::kText,         0, N, N, "", "Custom item label"},
    {"itemsvalue",                  "",                        V::kText,         0, N, N, "", "Custom item value"},
};

constexpr FieldSpec kBusinessCardFields[] = {
    {"id",                          "id",                      V::kId,           0, N, R, "", "Business card ID"},
    {"client_id",                   "company_id",              V::kId,           0, R, R, "", "Client ID"},
    {"organization_id",             "department_id",           V::kId,           0, O, O, "", "Department ID"},
    {"family_name",                 "last_name",               V::kText,       100, R, O, "", "Family name"},
    {"first_name",                  "first_name",              V::kText,       100, O, O, "", "First name"},
    {"family_name_kana",            "last_name_kana",          V::kText,       100, O, O, "", "Family name (kana)"},
    {"first_name_kana",             "first_name_kana",         V::kText,       100, O, O, "", "First name (kana)"},
    {"tel",                         "phone",                   V::kText,       100, O, O, "", "Phone"},
    {"extension",                   "phone_extension",         V::kDigits,       8, O, O, "", "Extension"},
    {"fax",                         "fax",                     V::kText,       100, O, O, "", "Fax"},
    {"email",                       "email",                   V::kText,       200, O, O, "", "Email"},
    {"mobile_tel",                  "mobile_phone",            V::kText,       100, O, O, "", "Mobile phone"},
    {"mobile_email",                "mobile_email",            V::kText,       100, O, O, "", "Mobile email"},
    {"zip",                         "address.postal_code",     V::kText,        50, O, O, "", "Postal code"},
    {"pref_id",                     "address.prefecture_code", V::kInteger,      0, O, O, "", "Prefecture code"},
    {"address",                     "address.street",          V::kText,       255, O, O, "", "Street address"},
    {"url",                         "website",                 V::kText,       255, O, O, "", "URL"},
    {"latitude",                    "",                        V::kCoordinate,   0, O, O, "", "Latitude"},
    {"longitude",                   "",                        V::kCoordinate,   0, O, O, "", "Longitude"},
    {"lead_source_kbn_id",          "lead_source_id",          V::kId,           0, O, O, "", "Lead source ID"},
    {"lead_source",                 "lead_source",             V::kText,      3000, O, O, "", "Lead source details"},
    {"status",                      "status",                  V::kCode,         0, R, O, "1|2", "Status"},
    {"open_status",                 "visibility",              V::kCode,         0, R, O, "1|3", "Visibility"},
    {"owner_user_id",               "owner_id",                V::kId,           0, O, O, "", "Owner user ID"},
    {"owner_user",                  "other_owner",             V::kText,       255, O, O, "", "Other owner"},
    {"trade_on",                    "exchange_date",           V::kDate,         0, O, O, "", "Exchange date"},
    {"note",                        "note",                    V::kText,      3000, O, O, "", "Note"},
    {"direct_note",                 "handwritten_note",        V::kText,      3000, O, O, "", "Handwritten note"},
    // Output only. Cards answer `name` / `name_kana`, not the name parts they were
    // written with (record_reader.h splits them), and no client_id (resolved from
    // client_name by the backend) or open_status.
    {"name",                        "full_name",               V::kText,         0, N, N, "", "Full name"},
    {"name_kana",                   "full_name_kana",          V::kText,         0, N, N, "", "Full name (kana)"},
    {"client_name",                 "company_name",            V::kText,         0, N, N, "", "Client name"},
    {"organization_name",           "department",              V::kText,         0, N, N, "", "Department"},
    {"post",                        "title",                   V::kText,         0, N, N, "", "Position"},
    {"address1",                    "",                        V::kText,         0, N, N, "", "Street address 1"},
    {"address2",                    "",                        V::kText,         0, N, N, "", "Street address 2"},
    {"address3",                    "",                        V::kText,         0, N, N, "", "Street address 3"},
    {"request_key",                 "request_key",             V::kText,         0, N, N, "", "Request key"},
    {"user_name",                   "owner_name",              V::kText,         0, N, N, "", "Owner"},
    {"tag_ids",                     "tag_ids",                 V::kList,         0, N, N, "", "Tag ids"},
    {"created_at",                  "created_at",              V::kDateTime,     0, N, N, "", "Created at"},
    {"updated_at",                  "updated_at",              V::kDateTime,     0, N, N, "", "Updated at"},
};
// clang-format on

}  // namespace

absl::string_view ObjectLabel(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return "lead";
    case ObjectKind::kClient:
      return "client";
    case ObjectKind::kBusinessCard:
      return "business card";
  }
  return "";
}

absl::string_view PluralName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return "leads";
    case ObjectKind::kClient:
      return "clients";
    case ObjectKind::kBusinessCard:
      return "business_cards";
  }
  return "";
}

absl::Span<const FieldSpec> FieldsOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return kLeadFields;
    case ObjectKind::kClient:
      return kClientFields;
    case ObjectKind::kBusinessCard:
      return kBusinessCardFields;
  }
  return {};
}

const FieldSpec* FindField(ObjectKind kind, absl::string_view name) {
  // Every key of every record of a search answer is looked up here, so the rows are
  // indexed by name once rather than scanned (and strlen'd) per key.
  using Index = absl::flat_hash_map<absl::string_view, const FieldSpec*>;
  static const std::array<Index, 3>* const indexes = [] {
    auto* built = new std::array<Index, 3>();
    for (ObjectKind each : {ObjectKind::kLead, ObjectKind::kClient, ObjectKind::kBusinessCard}) {
      for (const FieldSpec& spec : FieldsOf(each)) {
        (*built)[static_cast<size_t>(each)].emplace(spec.name, &spec);
      }
    }
    return built;
  }();
  const Index& index = (*indexes)[static_cast<size_t>(kind)];
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

const FieldSpec* FindFieldByNeutral(ObjectKind kind, absl::string_view neutral) {
  const FieldSpec* found = nullptr;
  for (const FieldSpec& spec : FieldsOf(kind)) {
    if (spec.custom() || neutral != spec.neutral) continue;
    if (spec.writable()) return &spec;
    if (found == nullptr) found = &spec;
  }
  return found;
}

const OutputOnlyField* FindOutputOnlyField(ObjectKind kind, absl::string_view neutral) {
  static constexpr OutputOnlyField kLeadOutputOnly[] = {
      {"lead_status", "lead_status_id",
       "HotProfile sets a lead's status by lead_status_id; the name is output only there"},
      // Deprecated copy of lead_status (record_reader.cc fills it).
      {"lead_status_name", "", ""},
  };
  if (kind != ObjectKind::kLead) return nullptr;
  for (const OutputOnlyField& field : kLeadOutputOnly) {
    if (neutral == field.neutral) return &field;
  }
  return nullptr;
}

bool IsPagingKey(absl::string_view name) {
  return name == "total_count" || name == "total_number" || name == "current_number" ||
         name == "display_number";
}

}  // namespace leadgw::backends::hotprofile
