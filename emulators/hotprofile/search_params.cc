// The documented search[...] parameters of each list operation (seed 001), with the
// attribute each one reads. Kept apart from the parsing code because it is pure data.
#include "emulators/hotprofile/list_query.h"

namespace leadgw::emulators::hotprofile {
namespace {

using Op = SearchOp;

// clang-format off
constexpr SearchParam kLeadSearch[] = {
    {"search[family_name]",                    Op::kPartial,      "family_name"},
    {"search[first_name]",                     Op::kPartial,      "first_name"},
    {"search[client_name]",                    Op::kPartial,      "client.name"},
    {"search[from_id]",                        Op::kFromId,       "id"},
    {"search[to_id]",                          Op::kToId,         "id"},
    // Documented as "partial match", but a partial match on an id would return other
    // companies' leads (1 matches 10, 11 ...); the emulator matches it exactly.
    {"search[client_id]",                      Op::kEquals,       "client_id"},
    {"search[client][name_kana]",              Op::kPartial,      "client.name_kana"},
    {"search[client][name_disp]",              Op::kPartial,      "client.name_disp"},
    {"search[owner_user_id]",                  Op::kEquals,       "owner_user_id"},
    {"search[role_id]",                        Op::kEquals,       "owner_role_id"},
    {"search[organization_id]",                Op::kEquals,       "organization_id"},
    {"search[organization_name]",              Op::kPartial,      "organization_name"},
    {"search[organization_ancestry_all_name]", Op::kPartial,      "organization_path"},
    {"search[post]",                           Op::kPartial,      "post"},
    {"search[family_name_kana]",               Op::kPartial,      "family_name_kana"},
    {"search[first_name_kana]",                Op::kPartial,      "first_name_kana"},
    {"search[email]",                          Op::kPartial,      "email"},
    {"search[mobile_email]",                   Op::kPartial,      "mobile_email"},
    {"search[tel]",                            Op::kPartial,      "tel"},
    {"search[extension]",                      Op::kPartial,      "extension"},
    {"search[fax]",                            Op::kPartial,      "fax"},
    {"search[mobile_tel]",                     Op::kPartial,      "mobile_tel"},
    {"search[zip]",                            Op::kPartial,      "zip"},
    {"search[pref]",                           Op::kPartial,      "pref"},
    {"search[address]",                        Op::kPartial,      "address"},
    {"search[url]",                            Op::kPartial,      "url"},
    {"search[from_created_on]",                Op::kFromDate,     "created_at"},
    {"search[to_created_on]",                  Op::kToDate,       "created_at"},
    {"search[from_updated_on]",                Op::kFromDate,     "updated_at"},
    {"search[to_updated_on]",                  Op::kToDate,       "updated_at"},
    {"search[from_datetime_updated_on]",       Op::kFromDateTime, "updated_at"},
    {"search[to_datetime_updated_on]",         Op::kToDateTime,   "updated_at"},
    {"search[from_trade_on]",                  Op::kFromDate,     "trade_on"},
    {"search[to_trade_on]",                    Op::kToDate,       "trade_on"},
    {"search[from_latitude]",                  Op::kFromNumber,   "latitude"},
    {"search[to_latitude]",                    Op::kToNumber,     "latitude"},
    {"search[from_longitude]",                 Op::kFromNumber,   "longitude"},
    {"search[to_longitude]",                   Op::kToNumber,     "longitude"},
    {"search[latitude]",                       Op::kPartial,      "latitude"},
    {"search[longitude]",                      Op::kPartial,      "longitude"},
    {"search[lead_status]",                    Op::kEquals,       "lead_status"},
    {"search[lead_source_kbn_ids]",            Op::kAnyOf,        "lead_source_kbn_id"},
    {"search[lead_source]",                    Op::kPartial,      "lead_source"},
    {"search[important_customer_flg]",         Op::kFlag,         "important_customer_flg"},
    {"search[end_user_flg]",                   Op::kFlag,         "end_user_flg"},
    {"search[store_flg]",                      Op::kFlag,         "store_flg"},
    {"search[competitor_flg]",                 Op::kFlag,         "competitor_flg"},
    {"search[error_mail_flg]",                 Op::kFlag,         "error_mail_flg"},
    {"search[error_tel_flg]",                  Op::kFlag,         "error_tel_flg"},
    {"search[error_fax_flg]",                  Op::kFlag,         "error_fax_flg"},
    {"search[error_address_flg]",              Op::kFlag,         "error_address_flg"},
    {"search[not_mail_flg]",                   Op::kFlag,         "not_mail_flg"},
    {"search[not_tel_flg]",                    Op::kFlag,         "not_tel_flg"},
    {"search[not_fax_flg]",                    Op::kFlag,         "not_fax_flg"},
    {"search[not_dm_flg]",                     Op::kFlag,         "not_dm_flg"},
    {"search[note]",                           Op::kPartial,      "note"},
    {"search[customer_id]",                    Op::kPartial,      "customer_id"},
    {"search[name]",                           Op::kPartial,      "full_name"},
    {"search[ids]",                            Op::kAnyOf,        "id"},
    // "Business card owners": a lead's owner is the user its card was exchanged with.
    {"search[user_ids]",                       Op::kAnyOf,        "owner_user_id"},
    {"search[multiple]",                       Op::kMultiple,     ""},
};

constexpr SearchParam kClientSearch[] = {
    {"search[from_id]",                        Op::kFromId,       "id"},
    {"search[to_id]",                          Op::kToId,         "id"},
    {"search[name]",                           Op::kPartial,      "name"},
    {"search[name_kana]",                      Op::kPartial,      "name_kana"},
    {"search[name_disp]",                      Op::kPartial,      "name_disp"},
    {"search[zip]",                            Op::kPartial,      "zip"},
    {"search[address]",                        Op::kPartial,      "address"},
    {"search[latitude]",                       Op::kPartial,      "latitude"},
    {"search[longitude]",                      Op::kPartial,      "longitude"},
    {"search[corporate_number]",               Op::kPartial,      "corporate_number"},
    {"search[main_tel]",                       Op::kPartial,      "main_tel"},
    {"search[url]",                            Op::kPartial,      "url"},
    {"search[mail_domain]",                    Op::kPartial,      "mail_domain"},
    {"search[note]",                           Op::kPartial,      "note"},
    {"search[user_ids]",                       Op::kAnyOf,        "user_id"},
    {"search[name_sub]",                       Op::kPartial,      "name_sub"},
    {"search[name_kana_sub]",                  Op::kPartial,      "name_kana_sub"},
    {"search[zip_sub]",                        Op::kPartial,      "zip_sub"},
    {"search[address_sub]",                    Op::kPartial,      "address_sub"},
    {"search[pref_sub]",                       Op::kPartial,      "pref_sub"},
    {"search[from_created_on]",                Op::kFromDate,     "created_at"},
    {"search[to_created_on]",                  Op::kToDate,       "created_at"},
    {"search[from_updated_on]",                Op::kFromDate,     "updated_at"},
    {"search[to_updated_on]",                  Op::kToDate,       "updated_at"},
    {"search[from_datetime_updated_on]",       Op::kFromDateTime, "updated_at"},
    {"search[to_datetime_updated_on]",         Op::kToDateTime,   "updated_at"},
};

constexpr SearchParam kBusinessCardSearch[] = {
    {"search[family_name]",                    Op::kPartial,      "family_name"},
    {"search[first_name]",                     Op::kPartial,      "first_name"},
    {"search[family_name_kana]",               Op::kPartial,      "family_name_kana"},
    {"search[first_name_kana]",                Op::kPartial,      "first_name_kana"},
    {"search[client_name]",                    Op::kPartial,      "client.name"},
    {"search[from_trade_on]",                  Op::kFromDate,     "trade_on"},
    {"search[to_trade_on]",                    Op::kToDate,       "trade_on"},
    {"search[from_updated_on]",                Op::kFromDate,     "updated_at"},
    {"search[to_updated_on]",                  Op::kToDate,       "updated_at"},
    {"search[from_created_on]",                Op::kFromDate,     "created_at"},
    {"search[to_created_on]",                  Op::kToDate,       "created_at"},
    {"search[organization_ancestry_all_name]", Op::kPartial,      "organization_path"},
    {"search[post]",                           Op::kPartial,      "post"},
    {"search[tel]",                            Op::kPartial,      "tel"},
    {"search[fax]",                            Op::kPartial,      "fax"},
    {"search[mobile_tel]",                     Op::kPartial,      "mobile_tel"},
    {"search[email]",                          Op::kPartial,      "email"},
    {"search[mobile_email]",                   Op::kPartial,      "mobile_email"},
    {"search[role_id]",                        Op::kEquals,       "owner_role_id"},
    {"search[zip]",                            Op::kPartial,      "zip"},
    {"search[address]",                        Op::kPartial,      "address"},
    {"search[url]",                            Op::kPartial,      "url"},
    {"search[note]",                           Op::kPartial,      "note"},
    {"search[direct_note]",                    Op::kPartial,      "direct_note"},
    {"search[lead_source]",                    Op::kPartial,      "lead_source"},
    {"search[request_key]",                    Op::kPartial,      "request_key"},
    {"search[latitude]",                       Op::kPartial,      "latitude"},
    {"search[longitude]",                      Op::kPartial,      "longitude"},
};
// clang-format on

}  // namespace

absl::Span<const SearchParam> SearchParamsFor(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return kLeadSearch;
    case ObjectKind::kClient:
      return kClientSearch;
    case ObjectKind::kBusinessCard:
      return kBusinessCardSearch;
  }
  return {};
}

}  // namespace leadgw::emulators::hotprofile
