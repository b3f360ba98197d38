#include "emulators/hotprofile/list_query.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

// Parses `value` for `param` into `condition`; returns an error message or "".
std::string ParseCondition(const SearchParam& param, const std::string& value,
                           Condition* condition) {
  condition->op = param.op;
  condition->target = param.target;
  switch (param.op) {
    case SearchOp::kPartial:
      condition->text = FoldCase(value);
      return "";
    case SearchOp::kMultiple:
      condition->words = SplitWords(FoldCase(value));
      return "";
    case SearchOp::kEquals:
    case SearchOp::kFromId:
    case SearchOp::kToId: {
      const std::optional<int64_t> number = ParseStrictInt(value);
      if (!number) return "must be an integer";
      condition->integers = {*number};
      return "";
    }
    case SearchOp::kFlag: {
      const std::optional<int64_t> number = ParseStrictInt(value);
      if (!number || (*number != 0 && *number != 1)) return "must be 1 or 0";
      condition->integers = {*number};
      return "";
    }
    case SearchOp::kAnyOf:
      for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
        const std::optional<int64_t> number = ParseStrictInt(absl::StripAsciiWhitespace(part));
        if (!number) return "must be comma-separated integers";
        condition->integers.push_back(*number);
      }
      return "";
    case SearchOp::kFromDate:
    case SearchOp::kToDate: {
      const std::optional<absl::CivilDay> day = ParseDate(value);
      if (!day) return "must be a date yyyy/mm/dd";
      condition->day = *day;
      return "";
    }
    case SearchOp::kFromDateTime:
    case SearchOp::kToDateTime: {
      const std::optional<absl::CivilSecond> civil = ParseDateTime(value);
      if (!civil) return "must be a date and time yyyy/mm/dd hh:mm:ss";
      condition->time = absl::FromCivil(*civil, JapanTimeZone());
      return "";
    }
    case SearchOp::kFromNumber:
    case SearchOp::kToNumber: {
      const std::optional<double> number = ParseCoordinate(value);
      if (!number) return "must be a decimal number";
      condition->number = *number;
      return "";
    }
  }
  return "is not supported";
}

// Sort keys each list takes. Leads document "create_at"/"update_at"; the usual
// spellings are accepted too.
std::optional<std::string> SortTarget(ObjectKind kind, const std::string& key) {
  if (key == "id") return key;
  switch (kind) {
    case ObjectKind::kLead:
      if (key == "create_at" || key == "created_at") return std::string("created_at");
      if (key == "update_at" || key == "updated_at") return std::string("updated_at");
      break;
    case ObjectKind::kClient:
      if (key == "created_at" || key == "updated_at") return key;
      break;
    case ObjectKind::kBusinessCard:
      if (key == "trade_on" || key == "updated_at") return key;
      break;
  }
  return std::nullopt;
}

// Reads an integer page parameter within [low, high]; absent or empty keeps `*out`.
void ReadPageParam(const Params& params, const std::string& name, int low, int high, int* out,
                   std::vector<FieldError>* errors) {
  const auto it = params.find(name);
  if (it == params.end() || it->second.empty()) return;
  const std::optional<int64_t> number = ParseStrictInt(it->second);
  if (!number || *number < low || *number > high) {
    errors->push_back({name, absl::StrCat(name, " must be an integer from ", low, " to ", high)});
    return;
  }
  *out = static_cast<int>(*number);
}

}  // namespace

int MaxDisplayNumber(ObjectKind kind) { return kind == ObjectKind::kLead ? 100 : 1000; }

std::vector<FieldError> ParseListQuery(ObjectKind kind, const Params& params, ListQuery* query) {
  std::vector<FieldError> errors;
  *query = ListQuery();
  for (const SearchParam& param : SearchParamsFor(kind)) {
    const auto it = params.find(param.name);
    if (it == params.end() || it->second.empty()) continue;
    Condition condition;
    const std::string message = ParseCondition(param, it->second, &condition);
    if (!message.empty()) {
      errors.push_back({param.name, absl::StrCat(param.name, " ", message)});
      continue;
    }
    query->conditions.push_back(std::move(condition));
  }

  ReadPageParam(params, "page[number]", 1, 1000000, &query->page_number, &errors);
  ReadPageParam(params, "page[display_number]", 1, MaxDisplayNumber(kind), &query->display_number,
                &errors);
  // Its meaning is undocumented; it is checked (0/1/true/false) and otherwise ignored.
  const auto format = params.find("page[date_format_option]");
  if (format != params.end() && !format->second.empty() && !ParseFlag(format->second)) {
    errors.push_back(
        {"page[date_format_option]", "page[date_format_option] must be 0, 1, true or false"});
  }

  const auto key = params.find("order[key]");
  if (key != params.end() && !key->second.empty()) {
    const std::optional<std::string> target = SortTarget(kind, key->second);
    if (target) {
      query->sort_key = *target;
    } else {
      errors.push_back({"order[key]", "order[key] is not a sortable key"});
    }
  }
  const auto type = params.find("order[type]");
  if (type != params.end() && !type->second.empty()) {
    if (type->second == "asc" || type->second == "desc") {
      query->descending = type->second == "desc";
    } else {
      errors.push_back({"order[type]", "order[type] must be asc or desc"});
    }
  }
  return errors;
}

}  // namespace leadgw::emulators::hotprofile
