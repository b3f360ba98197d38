// The search, sort and paging parameters of the three list operations, parsed from the
// query string into a ListQuery. One table per object lists the documented search[...]
// parameters and how each one matches.
#ifndef LEADGW_EMULATORS_HOTPROFILE_LIST_QUERY_H_
#define LEADGW_EMULATORS_HOTPROFILE_LIST_QUERY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "emulators/hotprofile/field_rules.h"
#include "emulators/hotprofile/record.h"

namespace leadgw::emulators::hotprofile {

enum class SearchOp {
  kPartial,       // case-insensitive (ASCII) substring of a text attribute
  kEquals,        // integer attribute equals the value
  kAnyOf,         // integer attribute is one of comma-separated values (OR)
  kFlag,          // flag attribute: 1 set, 0 not set
  kFromId,        // id >= value
  kToId,          // id <= value
  kFromDate,      // date of the attribute (JST) >= yyyy/mm/dd
  kToDate,        // date of the attribute (JST) <= yyyy/mm/dd
  kFromDateTime,  // timestamp >= "yyyy/mm/dd hh:mm:ss" (JST)
  kToDateTime,    // timestamp <= "yyyy/mm/dd hh:mm:ss" (JST)
  kFromNumber,    // decimal attribute >= value
  kToNumber,      // decimal attribute <= value
  kMultiple,      // space-separated words; every word partially matches some attribute
};

struct SearchParam {
  const char* name;  // as sent, e.g. "search[client][name_kana]"
  SearchOp op;
  const char* target;  // attribute name (see attributes.h); "created_at", "updated_at"
                       // and "trade_on" address the timestamps / stored date
};

// The documented search parameters of `kind`.
absl::Span<const SearchParam> SearchParamsFor(ObjectKind kind);

// One parsed, non-empty search parameter.
struct Condition {
  SearchOp op;
  std::string target;
  std::string text;                // kPartial: case-folded needle
  std::vector<std::string> words;  // kMultiple: case-folded words
  std::vector<int64_t> integers;   // kEquals, kAnyOf, kFlag, kFromId, kToId
  absl::CivilDay day;              // kFromDate, kToDate
  absl::Time time;                 // kFromDateTime, kToDateTime
  double number = 0;               // kFromNumber, kToNumber
};

struct ListQuery {
  std::vector<Condition> conditions;  // all must hold (AND)
  std::string sort_key = "id";        // "id", "created_at", "updated_at", "trade_on"
  bool descending = false;
  int page_number = 1;
  int display_number = 20;
};

// Largest page[display_number]: 100 for leads, 1000 for clients and business cards.
int MaxDisplayNumber(ObjectKind kind);

// Parses the list parameters of `kind`. Unknown parameters are ignored, and so are empty
// search values; a malformed value, an unknown order[key] or order[type], or a page
// parameter out of range yields one FieldError per bad parameter.
std::vector<FieldError> ParseListQuery(ObjectKind kind, const Params& params, ListQuery* query);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_LIST_QUERY_H_
