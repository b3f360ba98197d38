// Neutral requests -> HotProfile calls (endpoint, path, parameters), with HotProfile's own
// rules checked before anything is sent: field limits (record_writer.h), documented search
// parameters and their value formats, sort keys and directions, page sizes (1-1000, leads
// 1-100, 0 = 20) and page cursors. Errors are INVALID_ARGUMENT naming the request field
// (common::InvalidField). The API key is not a parameter here: the REST stub adds it.
// Thread-safe: pure functions.
#ifndef LEADGW_BACKENDS_HOTPROFILE_REQUESTS_H_
#define LEADGW_BACKENDS_HOTPROFILE_REQUESTS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/hotprofile/field_table.h"
#include "backends/hotprofile/record_writer.h"
#include "backends/hotprofile/search_table.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/lead_service.pb.h"

namespace leadgw::backends::hotprofile {

// One HotProfile call (always POST).
struct HotProfileCall {
  std::string endpoint;  // "leads_search", "clients_create", ...: timeouts and messages
  std::string path;      // "/rest_api/v1/leads/get_entry_list_flow"
  Params params;         // in order, unencoded names ("page[number]")
  // Creates make a new record each time they run, so they are retried only when the
  // upstream provably did not process them; searches and updates may be repeated.
  bool idempotent = true;
};

enum class Action { kSearch, kCreate, kUpdate };

// The call of `action` on `kind` with `params`.
HotProfileCall MakeCall(ObjectKind kind, Action action, Params params);

// Default page[display_number] when page_size is 0.
inline constexpr int kDefaultPageSize = 20;

struct Paging {
  int64_t page_number = 1;
  int display_number = kDefaultPageSize;
};

// page_size: 0 = 20, else 1-1000 (leads 1-100). cursor: "" = page 1, else our own page
// number (decimal, >= 1) from a previous next_page_token.
absl::StatusOr<Paging> ResolvePaging(ObjectKind kind, int page_size, absl::string_view cursor);

// Appends page[number] and page[display_number].
void AppendPaging(const Paging& paging, Params* params);

// The create / update call of one record; see BuildWriteParams for the checks.
absl::StatusOr<HotProfileCall> BuildWriteCall(ObjectKind kind, WriteMode mode,
                                              const google::protobuf::Message& record,
                                              absl::string_view path);

// Client and business card searches: typed filters, filter.extra passed as search[<key>]
// once the key is a documented search parameter of the object (and not one a typed
// filter already sets), sort key and direction, paging. DateRange ends become yyyy/mm/dd;
// updated_after / updated_before become Japan-time datetimes.
absl::StatusOr<HotProfileCall> BuildCompanySearch(
    const ::leadgateway::v1::SearchCompaniesRequest& request);
absl::StatusOr<HotProfileCall> BuildBusinessCardSearch(
    const ::leadgateway::v1::SearchBusinessCardsRequest& request);

// QueryLeads: filter_field "id" -> search[ids], "owner_id"/"user_ids" -> search[user_ids]
// (every value, comma-joined: OR); any other documented lead search parameter (neutral or
// HotProfile name) takes exactly one value. Paging as ResolvePaging for leads.
absl::StatusOr<HotProfileCall> BuildLeadQuery(const ::leadgateway::v1::QueryLeadsRequest& request);

// GetLead of `ids` (decimal, at most kMaxLeadsPerPage): search[ids]=<id,id,...> (OR), one
// page of as many results.
HotProfileCall BuildLeadGet(absl::Span<const std::string> ids);

// Leads per search page (page[display_number] of leads is 1-100).
inline constexpr int kMaxLeadsPerPage = 100;
// Clients and business cards per search page (page[display_number] is 1-1000).
inline constexpr int kMaxRecordsPerPage = 1000;

// A createOrUpdate / updateOnly look-up field: a writable lead field HotProfile can search.
struct LookupField {
  const FieldSpec* field;    // the write parameter holding the value
  const SearchSpec* search;  // the search parameter looking it up (partial match)
};

// "" means email. Neutral ("last_name") or HotProfile ("family_name") names.
// INVALID_ARGUMENT on lookup_field otherwise ("id" is handled by the caller).
absl::StatusOr<LookupField> ResolveLookupField(absl::string_view lookup_field);

// One page (of 100) of leads whose lookup field contains `value`.
HotProfileCall BuildLeadLookup(const LookupField& lookup, absl::string_view value,
                               int64_t page_number);

// Checks and normalises one search value for `search` (ids decimal, dates to yyyy/mm/dd,
// flags to 1/0, ...). `path` names the request field in errors.
absl::StatusOr<std::string> SearchValue(const SearchSpec& search, absl::string_view value,
                                        absl::string_view path);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_REQUESTS_H_
