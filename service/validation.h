// The gateway's own request contract, checked in the gRPC handler before the connection is
// looked up and before any upstream call.
//
// Each Validate() returns OK or INVALID_ARGUMENT made by InvalidField() (field_error.h):
// the message is "<field path>: <problem>" and the path is also in a payload
// (InvalidFieldPath). Paths are spelled as a caller sees the proto, with indexes and map
// keys: `leads[3].custom_fields["x"]`, `filter_values[301]`, `records[2].lead.email`.
// Only the first error is reported; fields are checked in proto field-number order,
// repeated fields by index (their size first), map entries in ascending key order, so the
// answer is deterministic. Messages name the limit, never the offending value (values may
// be personal data); a map key appears in the path, shortened past 255 characters.
//
// The rules hold for every backend; backend-specific limits (field lengths, lookup-field
// names, records-per-call ceilings) are the adapters' business.
// Every length counts characters (Unicode code points), not bytes. The numbers live in
// validation_limits.h.
//
// Common rules:
// - connection (GetConnectionRequest.name): required, at most 63 characters.
// - Ids (lead, list, program, company, card, department, owner, lead source, group ids):
//   decimal digits only, 1-20 characters; "" means "not given" where the id is optional.
//   Creates require `id` to be empty. Id lists compare ids numerically ("007" == "7").
// - fields (selections): at most 1000 entries, each 1-255 characters, no ',' (joined
//   with commas upstream), no duplicates.
// - page_size: 0 (backend default) to 1000; memberships and ListLeadFields 0-300.
//   page_token: at most 4096 characters.
// - Enum fields: only values defined in the proto (unknown numbers are rejected).
// - API names (filter_field, lookup_field, field names): [A-Za-z][A-Za-z0-9_]*.
//
// Records (Lead; Company and BusinessCard likewise):
// - Every string at most 32768 characters (a generous gateway ceiling).
// - email, when non-empty: at most 255 characters, exactly one '@' with text on both sides
//   ("" clears the value on update). An ASCII-only rule is the adapter's business.
// - company_id, department_id, lead_source_id, lead_status_id, owner_id, id: decimal when
//   non-empty. external_company_id: any text of at most 255 characters (a backend's
//   company key, not a decimal id).
// - phone_extension: digits only, at most 8. address.prefecture_code: 1-47 when set.
// - custom_fields: at most 500 entries; keys 1-255 characters of [A-Za-z0-9_.\-\[\]];
//   values null, bool, finite number or string (at most 32768 characters), or a list of
//   those (reads answer output-only arrays as lists); never a struct or a nested list.
// - Output-only fields (Lead: lead_status_name, owner_name, tags, interest_products,
//   full_name, full_name_kana, created_at, updated_at; Company: owner_name,
//   corporate_number, created_at, updated_at; BusinessCard: company_name, department,
//   title, request_key, owner_name, tag_ids, full_name, full_name_kana, created_at,
//   updated_at) are not checked: they are ignored on writes (AIP-203) and the adapters
//   never send them, so a record read can be written back unchanged.
//
// Per-request rules are documented on each overload below.
//
// Thread-safety: pure functions of their argument.
#ifndef LEADGW_SERVICE_VALIDATION_H_
#define LEADGW_SERVICE_VALIDATION_H_

#include "absl/status/status.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/card_sync_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/connection_service.pb.h"
#include "leadgateway/v1/field_service.pb.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "leadgateway/v1/membership_service.pb.h"

namespace leadgw::service {

namespace v1 = ::leadgateway::v1;

// ---- LeadService ----

// connection only.
absl::Status Validate(const v1::DescribeLeadsRequest& request);
// id required; fields.
absl::Status Validate(const v1::GetLeadRequest& request);
// filter_field required API name (at most 255); filter_values 1-3000, each 1-255
// characters without ','; fields; page_size 0-1000; page_token. Also used for
// StreamLeads.
absl::Status Validate(const v1::QueryLeadsRequest& request);
// action a defined UpsertAction; lookup_field empty or an API name (at most 255), "id"
// only with UPDATE_ONLY (then every lead needs an `id`); partition_name at most 255 and
// only with UNSPECIFIED, CREATE_OR_UPDATE or CREATE_ONLY; leads 1-5000, each a valid lead.
absl::Status Validate(const v1::UpsertLeadsRequest& request);
// ids 1-5000, each a decimal id, no duplicates.
absl::Status Validate(const v1::DeleteLeadsRequest& request);
// winner_id required; loser_ids 1-25 decimal ids, distinct, none equal to winner_id.
absl::Status Validate(const v1::MergeLeadsRequest& request);
// program_name required (at most 255); source, reason, partition_name, program_status at
// most 255; lookup_field empty or an API name (at most 255); records 1-5000, each
// `records[i].lead` a valid lead, mkt_token at most 1024 and required when lookup_field is
// "mktToken". A record's `lead` may be unset (a record identified by mkt_token alone).
absl::Status Validate(const v1::PushLeadsRequest& request);
// form_id positive; program_id not negative; form_fields 1-1000 entries, keys and values
// as custom_fields; then form_fields["email"] required: a non-empty string passing the
// email rule;
// visitor_data strings at most 2048; cookie at most 1024.
absl::Status Validate(const v1::SubmitFormRequest& request);
// lead_id required; cookie required, at most 1024.
absl::Status Validate(const v1::AssociateWebActivityRequest& request);
// connection only.
absl::Status Validate(const v1::ListLeadPartitionsRequest& request);
// assignments 1-5000, each lead_id required decimal and partition_name required (at most
// 255).
absl::Status Validate(const v1::UpdateLeadPartitionsRequest& request);

// ---- FieldService ----

// name required API name, at most 255.
absl::Status Validate(const v1::GetLeadFieldRequest& request);
// page_size 0-300; page_token.
absl::Status Validate(const v1::ListLeadFieldsRequest& request);
// fields 1-100; name required API name at most 100; display_name required at most 255;
// data_type one of string, text, email, phone, url, integer, float, currency, boolean,
// date, datetime, score, percent; description at most 2000; names and display names
// distinct within the request, ignoring ASCII case.
absl::Status Validate(const v1::CreateLeadFieldsRequest& request);
// name required API name at most 255; at least one attribute set ("nothing to update",
// reported on display_name); display_name, when set, 1-255; description at most 2000.
absl::Status Validate(const v1::UpdateLeadFieldRequest& request);

// ---- MembershipService (page_size 0-300 everywhere) ----

// list_id required; fields; paging.
absl::Status Validate(const v1::ListStaticListMembersRequest& request);
// lead_id required; paging.
absl::Status Validate(const v1::ListLeadStaticListsRequest& request);
// program_id required; fields; paging.
absl::Status Validate(const v1::ListProgramMembersRequest& request);
// lead_id required; program_ids at most 300 decimal ids; paging.
absl::Status Validate(const v1::ListLeadProgramsRequest& request);
// lead_id required; paging.
absl::Status Validate(const v1::ListLeadSmartCampaignsRequest& request);
// list_id required; lead_ids 1-5000 distinct decimal ids (the adapter sends them 300 per
// upstream call, as it does lead writes).
absl::Status Validate(const v1::StaticListMembersRequest& request);
// program_id required; status_name 1-255 characters; lead_ids as above.
absl::Status Validate(const v1::SetProgramMemberStatusRequest& request);

// ---- CompanyService ----

// companies 1-100; id empty; name and display_name required (non-empty); record rules.
absl::Status Validate(const v1::CreateCompaniesRequest& request);
// companies 1-100; id required; name and display_name non-empty when set; record rules.
absl::Status Validate(const v1::UpdateCompaniesRequest& request);
// filter: from_id/to_id decimal with from_id <= to_id; text filters (corporate_number
// included) at most 255; owner_ids at most 100 decimal ids;
// created/updated ranges "YYYY-MM-DD" real dates with from <= to; updated_after <=
// updated_before (valid timestamps); extra at most 50 entries, keys 1-100 characters of
// [a-z0-9_.\[\]], values at most 255. sort_key and sort_direction defined values;
// page_size 0-1000; page_token.
absl::Status Validate(const v1::SearchCompaniesRequest& request);

// ---- BusinessCardService ----

// cards 1-100; id empty; company_id and last_name required; status and visibility
// required (not UNSPECIFIED); exchange_date a real "YYYY-MM-DD" date when non-empty;
// record rules.
absl::Status Validate(const v1::CreateBusinessCardsRequest& request);
// cards 1-100; id and company_id required; last_name non-empty when set; status and
// visibility defined values (UNSPECIFIED leaves them); record rules.
absl::Status Validate(const v1::UpdateBusinessCardsRequest& request);
// filter: text filters at most 255; group_id decimal; exchanged/created/updated ranges as
// for companies; extra as for companies. sort_key, sort_direction, page_size 0-1000,
// page_token.
absl::Status Validate(const v1::SearchBusinessCardsRequest& request);

// ---- CardSyncService ----

// card_connection and lead_connection required; sync_name 1-64 characters of [a-z0-9-];
// default_program required, at most 255 characters; programs_by_lead_source at most 100
// rules, keys decimal ids, programs 1-255 characters; source at most 255 characters;
// max_cards 0-5000.
absl::Status Validate(const v1::SyncCardsToLeadsRequest& request);
// sync_name as above; card_connection required; page_size 0-1000; page_token.
absl::Status Validate(const v1::ListCardLinksRequest& request);

// ---- ConnectionService ----

// Always OK (the request has no fields); present for uniformity.
absl::Status Validate(const v1::ListConnectionsRequest& request);
// name required, at most 63 characters.
absl::Status Validate(const v1::GetConnectionRequest& request);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_VALIDATION_H_
