// The documented search[...] parameters of each HotProfile list operation (seed 001), the
// neutral filter fields that map onto them, and the sort keys. Pure data; thread-safe.
#ifndef LEADGW_BACKENDS_HOTPROFILE_SEARCH_TABLE_H_
#define LEADGW_BACKENDS_HOTPROFILE_SEARCH_TABLE_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "backends/hotprofile/field_table.h"

namespace leadgw::backends::hotprofile {

enum class SearchType {
  kText,      // partial match; any text
  kId,        // one decimal id (exact)
  kIdList,    // comma-separated decimal ids, any of which matches (OR)
  kDate,      // yyyy/mm/dd (the gateway also accepts YYYY-MM-DD and converts it)
  kDateTime,  // yyyy/mm/dd hh:mm:ss, Japan time
  kFlag,      // 1 set / 0 not set (true/false accepted and converted)
  kNumber,    // a decimal number (latitude / longitude ranges)
};

struct SearchSpec {
  const char* name;  // inside search[...]; "client][name_kana" gives search[client][name_kana]
  SearchType type;
};

// The documented search parameters of `kind`.
absl::Span<const SearchSpec> SearchesOf(ObjectKind kind);

// The search parameter `name` of `kind` (without "search[...]"), or nullptr.
const SearchSpec* FindSearch(ObjectKind kind, absl::string_view name);

// One field of a neutral filter message (CompanyFilter, BusinessCardFilter).
struct FilterSpec {
  const char* field;      // the filter's proto field name
  const char* search;     // the search parameter; for a DateRange its "from" end
  const char* search_to;  // DateRange only: the "to" end; otherwise ""
};

// The filter fields of `kind` (clients and business cards; leads have no filter message).
absl::Span<const FilterSpec> FiltersOf(ObjectKind kind);

// The order[key] of the neutral sort key number `key` of `kind` (clients: CompanySortKey,
// cards: BusinessCardSortKey): nullptr for 0 (the default order) and for unknown numbers.
const char* OrderKeyOf(ObjectKind kind, int key);

// QueryLeads: the lead search parameter a filter_field selects. Accepts neutral names
// ("last_name_kana", "id" -> ids, "owner_id" -> user_ids) and HotProfile search names
// ("family_name_kana", "user_ids"); a neutral name wins over a HotProfile name
// ("lead_status" is the status name, not searchable; "lead_status_id" searches the id).
// nullptr when the field is not searchable.
const SearchSpec* LeadSearchForFilterField(absl::string_view filter_field);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_SEARCH_TABLE_H_
