#include "backends/hotprofile/requests.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "backends/common/invalid_field.h"
#include "backends/common/text.h"
#include "backends/hotprofile/values.h"
#include "common/status_macros.h"
#include "google/protobuf/timestamp.pb.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using common::InvalidField;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

constexpr int kMaxLeadPageSize = 100;
constexpr int kLookupPageSize = 100;
// A cursor past any real result set (1000 per page): rejects garbage before it is sent.
constexpr int64_t kMaxPageNumber = 100000000;

std::string SearchName(absl::string_view name) { return absl::StrCat("search[", name, "]"); }

absl::Status BadSearchValue(absl::string_view path, const SearchSpec& search,
                            absl::string_view expected) {
  return InvalidField(path, absl::StrCat(expected, " (HotProfile search[", search.name, "])"));
}

// Appends the parameters of one set field of a filter message; records the search names.
absl::Status AppendFilterField(ObjectKind kind, const Message& filter, const FieldDescriptor& field,
                               Params* params, absl::flat_hash_set<std::string>* used) {
  const FilterSpec* spec = nullptr;
  for (const FilterSpec& candidate : FiltersOf(kind)) {
    if (field.name() == candidate.field) spec = &candidate;
  }
  if (spec == nullptr)
    return absl::InternalError(absl::StrCat("no HotProfile filter for ", field.name()));
  const std::string path = absl::StrCat("filter.", field.name());
  const Reflection& reflection = *filter.GetReflection();
  auto append = [&](const char* name, absl::string_view value,
                    absl::string_view value_path) -> absl::Status {
    const SearchSpec* search = FindSearch(kind, name);
    if (search == nullptr) return absl::InternalError(absl::StrCat("no search parameter ", name));
    LEADGW_ASSIGN_OR_RETURN(std::string text, SearchValue(*search, value, value_path));
    params->emplace_back(SearchName(name), std::move(text));
    used->insert(name);
    return absl::OkStatus();
  };
  if (field.is_repeated()) {  // owner_ids: any of them (OR), comma-joined
    std::vector<std::string> values;
    for (int i = 0; i < reflection.FieldSize(filter, &field); ++i) {
      values.push_back(reflection.GetRepeatedString(filter, &field, i));
    }
    return append(spec->search, absl::StrJoin(values, ","), path);
  }
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    return append(spec->search, reflection.GetString(filter, &field), path);
  }
  const Message& value = reflection.GetMessage(filter, &field);
  if (const auto* range = dynamic_cast<const v1::DateRange*>(&value)) {
    if (!range->from().empty()) {
      LEADGW_RETURN_IF_ERROR(append(spec->search, range->from(), absl::StrCat(path, ".from")));
    }
    if (!range->to().empty()) {
      LEADGW_RETURN_IF_ERROR(append(spec->search_to, range->to(), absl::StrCat(path, ".to")));
    }
    return absl::OkStatus();
  }
  if (const auto* timestamp = dynamic_cast<const google::protobuf::Timestamp*>(&value)) {
    return append(spec->search,
                  FormatHotProfileDateTime(absl::FromUnixSeconds(timestamp->seconds())), path);
  }
  return absl::InternalError(absl::StrCat("unsupported filter field ", field.name()));
}

// filter.extra: documented search parameters only, none a typed filter already sets.
absl::Status AppendExtra(ObjectKind kind, const Message& filter, const FieldDescriptor& field,
                         const absl::flat_hash_set<std::string>& used, Params* params) {
  const Reflection& reflection = *filter.GetReflection();
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < reflection.FieldSize(filter, &field); ++i) {
    const Message& entry = reflection.GetRepeatedMessage(filter, &field, i);
    const Reflection& entry_reflection = *entry.GetReflection();
    entries.emplace_back(entry_reflection.GetString(entry, entry.GetDescriptor()->map_key()),
                         entry_reflection.GetString(entry, entry.GetDescriptor()->map_value()));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [key, value] : entries) {
    const std::string path = common::KeyPath("filter.extra", key);
    const SearchSpec* search = FindSearch(kind, key);
    if (search == nullptr) {
      return InvalidField(path, absl::StrCat("not a documented HotProfile ", PluralName(kind),
                                             " search parameter"));
    }
    if (used.contains(key)) {
      return InvalidField(path, "duplicates a typed filter field");
    }
    LEADGW_ASSIGN_OR_RETURN(std::string text, SearchValue(*search, value, path));
    params->emplace_back(SearchName(key), std::move(text));
  }
  return absl::OkStatus();
}

absl::Status AppendFilter(ObjectKind kind, const Message& filter, Params* params) {
  std::vector<const FieldDescriptor*> fields;
  filter.GetReflection()->ListFields(filter, &fields);
  absl::flat_hash_set<std::string> used;
  const FieldDescriptor* extra = nullptr;
  for (const FieldDescriptor* field : fields) {
    if (field->name() == "extra") {
      extra = field;
      continue;
    }
    LEADGW_RETURN_IF_ERROR(AppendFilterField(kind, filter, *field, params, &used));
  }
  if (extra != nullptr) LEADGW_RETURN_IF_ERROR(AppendExtra(kind, filter, *extra, used, params));
  return absl::OkStatus();
}

absl::StatusOr<HotProfileCall> BuildSearch(ObjectKind kind, const Message& filter, int sort_key,
                                           v1::SortDirection direction, int page_size,
                                           absl::string_view cursor) {
  Params params;
  LEADGW_RETURN_IF_ERROR(AppendFilter(kind, filter, &params));
  const char* order_key = OrderKeyOf(kind, sort_key);
  if (sort_key != 0 && order_key == nullptr) {
    return InvalidField("sort_key", "not a HotProfile sort key");
  }
  if (direction != v1::SORT_DIRECTION_UNSPECIFIED && direction != v1::SORT_DIRECTION_ASCENDING &&
      direction != v1::SORT_DIRECTION_DESCENDING) {
    return InvalidField("sort_direction", "not a HotProfile sort direction");
  }
  if (order_key != nullptr || direction != v1::SORT_DIRECTION_UNSPECIFIED) {
    params.emplace_back("order[key]", order_key != nullptr ? order_key : "id");
    if (direction != v1::SORT_DIRECTION_UNSPECIFIED) {
      params.emplace_back("order[type]",
                          direction == v1::SORT_DIRECTION_DESCENDING ? "desc" : "asc");
    }
  }
  LEADGW_ASSIGN_OR_RETURN(Paging paging, ResolvePaging(kind, page_size, cursor));
  AppendPaging(paging, &params);
  return MakeCall(kind, Action::kSearch, std::move(params));
}

}  // namespace

HotProfileCall MakeCall(ObjectKind kind, Action action, Params params) {
  const absl::string_view plural = PluralName(kind);
  absl::string_view verb;
  absl::string_view path_action;
  switch (action) {
    case Action::kSearch:
      verb = "search";
      // Leads and clients list through .../get_entry_list_flow, cards .../get_entry_list.
      path_action = kind == ObjectKind::kBusinessCard ? "get_entry_list" : "get_entry_list_flow";
      break;
    case Action::kCreate:
      verb = path_action = "create";
      break;
    case Action::kUpdate:
      verb = path_action = "update";
      break;
  }
  return HotProfileCall{absl::StrCat(plural, "_", verb),
                        absl::StrCat("/rest_api/v1/", plural, "/", path_action), std::move(params),
                        action != Action::kCreate};
}

absl::StatusOr<Paging> ResolvePaging(ObjectKind kind, int page_size, absl::string_view cursor) {
  const int max = kind == ObjectKind::kLead ? kMaxLeadPageSize : kMaxRecordsPerPage;
  Paging paging;
  if (page_size < 0 || page_size > max) {
    return InvalidField("page_size",
                        absl::StrCat("0 to ", max, " for HotProfile ", PluralName(kind),
                                     " (HotProfile page[display_number])"));
  }
  if (page_size > 0) paging.display_number = page_size;
  if (!cursor.empty()) {
    if (!common::IsDigits(cursor) || cursor.size() > 9 ||
        !absl::SimpleAtoi(cursor, &paging.page_number) || paging.page_number < 1 ||
        paging.page_number > kMaxPageNumber) {
      return InvalidField("page_token", "not a HotProfile page cursor");
    }
  }
  return paging;
}

void AppendPaging(const Paging& paging, Params* params) {
  params->emplace_back("page[number]", absl::StrCat(paging.page_number));
  params->emplace_back("page[display_number]", absl::StrCat(paging.display_number));
}

absl::StatusOr<HotProfileCall> BuildWriteCall(ObjectKind kind, WriteMode mode,
                                              const Message& record, absl::string_view path) {
  LEADGW_ASSIGN_OR_RETURN(Params params, BuildWriteParams(kind, mode, record, path));
  return MakeCall(kind, mode == WriteMode::kCreate ? Action::kCreate : Action::kUpdate,
                  std::move(params));
}

absl::StatusOr<HotProfileCall> BuildCompanySearch(const v1::SearchCompaniesRequest& request) {
  return BuildSearch(ObjectKind::kClient, request.filter(), request.sort_key(),
                     request.sort_direction(), request.page_size(), request.page_token());
}

absl::StatusOr<HotProfileCall> BuildBusinessCardSearch(
    const v1::SearchBusinessCardsRequest& request) {
  return BuildSearch(ObjectKind::kBusinessCard, request.filter(), request.sort_key(),
                     request.sort_direction(), request.page_size(), request.page_token());
}

absl::StatusOr<HotProfileCall> BuildLeadQuery(const v1::QueryLeadsRequest& request) {
  const SearchSpec* search = LeadSearchForFilterField(request.filter_field());
  if (search == nullptr) {
    const OutputOnlyField* output = FindOutputOnlyField(ObjectKind::kLead, request.filter_field());
    if (output != nullptr && output->set_by[0] != '\0') {
      return InvalidField("filter_field", absl::StrCat("HotProfile cannot search ", output->neutral,
                                                       "; search by ", output->set_by));
    }
    return InvalidField("filter_field", "not a HotProfile lead search field");
  }
  std::string value;
  if (search->type == SearchType::kIdList) {
    value = absl::StrJoin(request.filter_values(), ",");
  } else if (request.filter_values_size() != 1) {
    return InvalidField("filter_values", absl::StrCat("HotProfile matches one value at a time for ",
                                                      request.filter_field()));
  } else {
    value = request.filter_values(0);
  }
  Params params;
  LEADGW_ASSIGN_OR_RETURN(std::string text, SearchValue(*search, value, "filter_values"));
  params.emplace_back(SearchName(search->name), std::move(text));
  LEADGW_ASSIGN_OR_RETURN(
      Paging paging, ResolvePaging(ObjectKind::kLead, request.page_size(), request.page_token()));
  AppendPaging(paging, &params);
  return MakeCall(ObjectKind::kLead, Action::kSearch, std::move(params));
}

HotProfileCall BuildLeadGet(absl::Span<const std::string> ids) {
  Params params = {{SearchName("ids"), absl::StrJoin(ids, ",")}};
  AppendPaging(Paging{1, static_cast<int>(ids.size())}, &params);
  return MakeCall(ObjectKind::kLead, Action::kSearch, std::move(params));
}

absl::StatusOr<LookupField> ResolveLookupField(absl::string_view lookup_field) {
  if (lookup_field.empty()) lookup_field = "email";
  const FieldSpec* field = FindFieldByNeutral(ObjectKind::kLead, lookup_field);
  if (field == nullptr) field = FindField(ObjectKind::kLead, lookup_field);
  const SearchSpec* search =
      field == nullptr ? nullptr : FindSearch(ObjectKind::kLead, field->name);
  if (field == nullptr || !field->writable() || search == nullptr ||
      (search->type != SearchType::kText && search->type != SearchType::kId)) {
    return InvalidField("lookup_field",
                        "HotProfile cannot look leads up by this field; use a writable, "
                        "searchable lead field such as email");
  }
  return LookupField{field, search};
}

HotProfileCall BuildLeadLookup(const LookupField& lookup, absl::string_view value,
                               int64_t page_number) {
  Params params = {{SearchName(lookup.search->name), std::string(value)}};
  AppendPaging(Paging{page_number, kLookupPageSize}, &params);
  return MakeCall(ObjectKind::kLead, Action::kSearch, std::move(params));
}

absl::StatusOr<std::string> SearchValue(const SearchSpec& search, absl::string_view value,
                                        absl::string_view path) {
  switch (search.type) {
    case SearchType::kText:
      return std::string(value);
    case SearchType::kId:
      if (!common::IsDigits(value)) return BadSearchValue(path, search, "a decimal id");
      return std::string(value);
    case SearchType::kIdList:
      for (absl::string_view id : absl::StrSplit(value, ',')) {
        if (!common::IsDigits(id)) return BadSearchValue(path, search, "decimal ids");
      }
      return std::string(value);
    case SearchType::kDate: {
      std::optional<std::string> date = NormalizeSearchDate(value);
      if (!date.has_value()) return BadSearchValue(path, search, "a date YYYY-MM-DD");
      return *std::move(date);
    }
    case SearchType::kDateTime:
      if (!ParseHotProfileDateTime(value).has_value()) {
        return BadSearchValue(path, search, "a time yyyy/mm/dd hh:mm:ss (Japan time)");
      }
      return std::string(value);
    case SearchType::kFlag: {
      std::optional<std::string> flag = FlagText(value);
      if (!flag.has_value()) return BadSearchValue(path, search, "1 or 0");
      return *std::move(flag);
    }
    case SearchType::kNumber:
      if (!IsDecimal(value)) return BadSearchValue(path, search, "a decimal number");
      return std::string(value);
  }
  return std::string(value);
}

}  // namespace leadgw::backends::hotprofile
