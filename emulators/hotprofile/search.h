// Evaluates a ListQuery over records: filtering, ordering and page arithmetic.
#ifndef LEADGW_EMULATORS_HOTPROFILE_SEARCH_H_
#define LEADGW_EMULATORS_HOTPROFILE_SEARCH_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "emulators/hotprofile/attributes.h"
#include "emulators/hotprofile/list_query.h"

namespace leadgw::emulators::hotprofile {

// True when `view` satisfies every condition. A range or equality condition never
// matches a record that lacks the attribute.
bool MatchesAll(const RecordView& view, absl::Span<const Condition> conditions);

// Orders `views` by `sort_key` ("id", "created_at", "updated_at", "trade_on"), ascending
// or descending; equal keys fall back to id in the same direction, so paging is stable.
// A record without trade_on sorts before every dated one in ascending order.
void SortViews(const std::string& sort_key, bool descending, std::vector<RecordView>* views);

// The response's "pages" object.
struct PageInfo {
  int current_number = 1;
  int display_number = 20;
  int64_t total_count = 0;   // matching records
  int64_t total_number = 0;  // pages: ceil(total_count / display_number), 0 when none
};

PageInfo ComputePage(int64_t total_count, const ListQuery& query);

// Index range [begin, end) of the requested page within `total_count` sorted records.
// A page past the end is empty.
void PageBounds(int64_t total_count, const ListQuery& query, int64_t* begin, int64_t* end);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_SEARCH_H_
