#include "emulators/hotprofile/search.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

bool Contains(const RecordView& view, const std::string& target, const std::string& needle) {
  return absl::StrContains(FoldCase(TextAttribute(view, target)), needle);
}

std::optional<absl::CivilDay> DayOf(const RecordView& view, const std::string& target) {
  if (target == "created_at") return JapanDay(view.record->created_at);
  if (target == "updated_at") return JapanDay(view.record->updated_at);
  return ParseDate(TextAttribute(view, target));
}

absl::Time TimeOf(const RecordView& view, const std::string& target) {
  return target == "created_at" ? view.record->created_at : view.record->updated_at;
}

bool Matches(const RecordView& view, const Condition& condition) {
  switch (condition.op) {
    case SearchOp::kPartial:
      return Contains(view, condition.target, condition.text);
    case SearchOp::kMultiple:
      return std::all_of(
          condition.words.begin(), condition.words.end(), [&](const std::string& word) {
            const auto& targets = MultipleSearchAttributes();
            return std::any_of(targets.begin(), targets.end(), [&](const std::string& target) {
              return Contains(view, target, word);
            });
          });
    case SearchOp::kFlag: {
      // An unset flag reads as 0, as the response renders it.
      const int64_t value = IntAttribute(view, condition.target).value_or(0);
      return value == condition.integers.front();
    }
    case SearchOp::kEquals:
    case SearchOp::kAnyOf: {
      const std::optional<int64_t> value = IntAttribute(view, condition.target);
      return value && std::find(condition.integers.begin(), condition.integers.end(), *value) !=
                          condition.integers.end();
    }
    case SearchOp::kFromId:
      return view.record->id >= condition.integers.front();
    case SearchOp::kToId:
      return view.record->id <= condition.integers.front();
    case SearchOp::kFromDate:
    case SearchOp::kToDate: {
      const std::optional<absl::CivilDay> day = DayOf(view, condition.target);
      if (!day) return false;
      return condition.op == SearchOp::kFromDate ? *day >= condition.day : *day <= condition.day;
    }
    case SearchOp::kFromDateTime:
      return TimeOf(view, condition.target) >= condition.time;
    case SearchOp::kToDateTime:
      // The store keeps whole seconds, so this compares exactly what the response shows.
      return TimeOf(view, condition.target) <= condition.time;
    case SearchOp::kFromNumber:
    case SearchOp::kToNumber: {
      const std::optional<double> value = ParseCoordinate(TextAttribute(view, condition.target));
      if (!value) return false;
      return condition.op == SearchOp::kFromNumber ? *value >= condition.number
                                                   : *value <= condition.number;
    }
  }
  return false;
}

}  // namespace

bool MatchesAll(const RecordView& view, absl::Span<const Condition> conditions) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const Condition& condition) { return Matches(view, condition); });
}

void SortViews(const std::string& sort_key, bool descending, std::vector<RecordView>* views) {
  auto ascending = [&sort_key](const RecordView& a, const RecordView& b) {
    if (sort_key == "created_at" && a.record->created_at != b.record->created_at) {
      return a.record->created_at < b.record->created_at;
    }
    if (sort_key == "updated_at" && a.record->updated_at != b.record->updated_at) {
      return a.record->updated_at < b.record->updated_at;
    }
    if (sort_key == "trade_on") {
      // yyyy/mm/dd compares correctly as text; "" (no date) sorts first.
      const std::string& left = a.record->Value("trade_on");
      const std::string& right = b.record->Value("trade_on");
      if (left != right) return left < right;
    }
    return a.record->id < b.record->id;
  };
  std::sort(views->begin(), views->end(), [&](const RecordView& a, const RecordView& b) {
    return descending ? ascending(b, a) : ascending(a, b);
  });
}

PageInfo ComputePage(int64_t total_count, const ListQuery& query) {
  PageInfo info;
  info.current_number = query.page_number;
  info.display_number = query.display_number;
  info.total_count = total_count;
  info.total_number = (total_count + query.display_number - 1) / query.display_number;
  return info;
}

void PageBounds(int64_t total_count, const ListQuery& query, int64_t* begin, int64_t* end) {
  const int64_t start = static_cast<int64_t>(query.page_number - 1) * query.display_number;
  *begin = std::min(start, total_count);
  *end = std::min(start + query.display_number, total_count);
}

}  // namespace leadgw::emulators::hotprofile
