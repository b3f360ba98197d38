#include "emulators/hotprofile/field_rules.h"

namespace leadgw::emulators::hotprofile {
namespace {

using D = Domain;
using T = FieldType;
constexpr Need kNo = Need::kNo;
constexpr Need kOpt = Need::kOptional;
constexpr Need kReq = Need::kRequired;

// clang-format off
constexpr FieldRule kLeadFields[] = {
    // name                      type            max   domain                create update
    {"id",                       T::kInteger,       0, D::kNone,             kNo,  kReq},
    {"client_id",                T::kInteger,       0, D::kNone,             kReq, kReq},
    {"family_name",              T::kText,        100, D::kNone,             kReq, kOpt},
    {"first_name",               T::kText,        100, D::kNone,             kOpt, kOpt},
    {"family_name_kana",         T::kText,        100, D::kNone,             kOpt, kOpt},
    {"first_name_kana",          T::kText,        100, D::kNone,             kOpt, kOpt},
    {"organization_id",          T::kInteger,       0, D::kOrganization,     kOpt, kOpt},
    {"post",                     T::kText,        255, D::kNone,             kOpt, kOpt},
    {"tel",                      T::kText,        100, D::kNone,             kOpt, kOpt},
    {"extension",                T::kDigits,        8, D::kNone,             kOpt, kOpt},
    {"fax",                      T::kText,        100, D::kNone,             kOpt, kOpt},
    {"email",                    T::kText,        200, D::kNone,             kOpt, kOpt},
    {"mobile_tel",               T::kText,        100, D::kNone,             kOpt, kOpt},
    {"mobile_email",             T::kText,        100, D::kNone,             kOpt, kOpt},
    {"zip",                      T::kText,         50, D::kNone,             kOpt, kOpt},
    {"pref_id",                  T::kInteger,       0, D::kPrefecture,       kOpt, kOpt},
    {"address",                  T::kText,        255, D::kNone,             kOpt, kOpt},
    {"url",                      T::kText,        255, D::kNone,             kOpt, kOpt},
    {"lead_status",              T::kInteger,       0, D::kLeadStatus,       kOpt, kOpt},
    {"latitude",                 T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"longitude",                T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"lead_source_kbn_id",       T::kInteger,       0, D::kLeadSource,       kOpt, kOpt},
    {"lead_source",              T::kText,       3000, D::kNone,             kOpt, kOpt},
    {"note",                     T::kText,       3000, D::kNone,             kOpt, kOpt},
    {"error_mail_flg",           T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"error_tel_flg",            T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"error_fax_flg",            T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"error_address_flg",        T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"not_mail_flg",             T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"not_tel_flg",              T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"not_fax_flg",              T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"not_dm_flg",               T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"competitor_flg",           T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"important_customer_flg",   T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"end_user_flg",             T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"store_flg",                T::kFlag,          0, D::kNone,             kOpt, kOpt},
    {"customer_id",              T::kText,        255, D::kNone,             kOpt, kOpt},
    // Typed string in the swagger, but its value is a registered user id.
    {"owner_user_id",            T::kInteger,       0, D::kUser,             kOpt, kOpt},
};

constexpr FieldRule kClientFields[] = {
    // name                      type            max   domain                create update
    {"id",                       T::kInteger,       0, D::kNone,             kNo,  kReq},
    {"name",                     T::kText,        255, D::kNone,             kReq, kOpt},
    {"name_kana",                T::kText,        255, D::kNone,             kOpt, kOpt},
    {"name_disp",                T::kText,        255, D::kNone,             kReq, kOpt},
    {"zip",                      T::kText,        100, D::kNone,             kOpt, kOpt},
    {"pref_id",                  T::kInteger,       0, D::kPrefecture,       kOpt, kOpt},
    {"address",                  T::kText,        255, D::kNone,             kOpt, kOpt},
    {"latitude",                 T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"longitude",                T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"business_category_kbn",    T::kInteger,       0, D::kBusinessCategory, kOpt, kOpt},
    {"worker_number_kbn",        T::kInteger,       0, D::kWorkerNumber,     kOpt, kOpt},
    {"capital_kbn",              T::kInteger,       0, D::kCapital,          kOpt, kOpt},
    {"ipo_kbn",                  T::kInteger,       0, D::kIpo,              kOpt, kOpt},
    {"sales_last_year",          T::kText,        255, D::kNone,             kOpt, kOpt},
    {"main_tel",                 T::kText,        255, D::kNone,             kOpt, kOpt},
    {"url",                      T::kText,        255, D::kNone,             kOpt, kOpt},
    {"mail_domain",              T::kText,        255, D::kNone,             kOpt, kOpt},
    {"user_id",                  T::kInteger,       0, D::kUser,             kOpt, kOpt},
    {"note",                     T::kText,       3000, D::kNone,             kOpt, kOpt},
    {"name_sub",                 T::kText,        255, D::kNone,             kOpt, kOpt},
    {"name_kana_sub",            T::kText,        255, D::kNone,             kOpt, kOpt},
    {"zip_sub",                  T::kText,        100, D::kNone,             kOpt, kOpt},
    {"address_sub",              T::kText,        255, D::kNone,             kOpt, kOpt},
    {"pref_sub",                 T::kText,        255, D::kNone,             kOpt, kOpt},
};

constexpr FieldRule kBusinessCardFields[] = {
    // name                      type            max   domain                create update
    {"id",                       T::kInteger,       0, D::kNone,             kNo,  kReq},
    {"client_id",                T::kInteger,       0, D::kNone,             kReq, kReq},
    {"organization_id",          T::kInteger,       0, D::kOrganization,     kOpt, kOpt},
    {"family_name",              T::kText,        100, D::kNone,             kReq, kOpt},
    {"first_name",               T::kText,        100, D::kNone,             kOpt, kOpt},
    {"family_name_kana",         T::kText,        100, D::kNone,             kOpt, kOpt},
    {"first_name_kana",          T::kText,        100, D::kNone,             kOpt, kOpt},
    {"tel",                      T::kText,        100, D::kNone,             kOpt, kOpt},
    {"extension",                T::kDigits,        8, D::kNone,             kOpt, kOpt},
    {"fax",                      T::kText,        100, D::kNone,             kOpt, kOpt},
    {"email",                    T::kText,        200, D::kNone,             kOpt, kOpt},
    {"mobile_tel",               T::kText,        100, D::kNone,             kOpt, kOpt},
    {"mobile_email",             T::kText,        100, D::kNone,             kOpt, kOpt},
    {"zip",                      T::kText,         50, D::kNone,             kOpt, kOpt},
    {"pref_id",                  T::kInteger,       0, D::kPrefecture,       kOpt, kOpt},
    {"address",                  T::kText,        255, D::kNone,             kOpt, kOpt},
    {"url",                      T::kText,        255, D::kNone,             kOpt, kOpt},
    {"latitude",                 T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"longitude",                T::kCoordinate,    0, D::kNone,             kOpt, kOpt},
    {"lead_source_kbn_id",       T::kInteger,       0, D::kLeadSource,       kOpt, kOpt},
    {"lead_source",              T::kText,       3000, D::kNone,             kOpt, kOpt},
    {"status",                   T::kInteger,       0, D::kCardStatus,       kReq, kOpt},
    {"open_status",              T::kInteger,       0, D::kOpenStatus,       kReq, kOpt},
    {"owner_user_id",            T::kInteger,       0, D::kUser,             kOpt, kOpt},
    {"owner_user",               T::kText,        255, D::kNone,             kOpt, kOpt},
    {"trade_on",                 T::kDate,          0, D::kNone,             kOpt, kOpt},
    {"note",                     T::kText,       3000, D::kNone,             kOpt, kOpt},
    {"direct_note",              T::kText,       3000, D::kNone,             kOpt, kOpt},
};
// clang-format on

}  // namespace

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

absl::Span<const FieldRule> FieldRulesFor(ObjectKind kind) {
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

const FieldRule* FindFieldRule(ObjectKind kind, absl::string_view name) {
  for (const FieldRule& rule : FieldRulesFor(kind)) {
    if (name == rule.name) return &rule;
  }
  return nullptr;
}

}  // namespace leadgw::emulators::hotprofile
