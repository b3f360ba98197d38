#include "backends/hotprofile/responses.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/json_reader.h"
#include "backends/hotprofile/record_reader.h"
#include "upstream/upstream_error.h"
#include "common/status_macros.h"

namespace leadgw::backends::hotprofile {
namespace {

constexpr absl::string_view kBackend = "hotprofile";
constexpr absl::string_view kOkCode = "200";

absl::StatusOr<rapidjson::Document> ParseBody(absl::string_view body, absl::string_view endpoint) {
  absl::StatusOr<rapidjson::Document> document = common::ParseJsonObject(body);
  if (!document.ok()) {
    return upstream::UpstreamError(
        absl::StatusCode::kUnavailable, kBackend, kOkCode,
        absl::StrCat("unreadable answer from ", endpoint, ": ", document.status().message()));
  }
  return document;
}

absl::Status Unexpected(absl::string_view endpoint, absl::string_view detail) {
  return upstream::UpstreamError(absl::StatusCode::kInternal, kBackend, kOkCode,
                       absl::StrCat("unexpected answer from ", endpoint, ": ", detail));
}

absl::StatusOr<PageInfo> ParsePages(const rapidjson::Value& document, absl::string_view endpoint) {
  absl::StatusOr<const rapidjson::Value*> pages = common::GetObject(document, "pages");
  if (!pages.ok()) return Unexpected(endpoint, pages.status().message());
  if (*pages == nullptr) return Unexpected(endpoint, "member \"pages\" is missing");
  PageInfo info;
  const std::pair<const char*, int64_t*> members[] = {
      {"current_number", &info.current_number},
      {"display_number", &info.display_number},
      {"total_count", &info.total_count},
      {"total_number", &info.total_number},
  };
  for (const auto& [name, target] : members) {
    absl::StatusOr<int64_t> value = common::RequireInt64(**pages, name);
    if (!value.ok()) return Unexpected(endpoint, absl::StrCat("pages.", value.status().message()));
    *target = *value;
  }
  return info;
}

absl::StatusOr<const rapidjson::Value*> Items(const rapidjson::Value& document,
                                              absl::string_view plural,
                                              absl::string_view endpoint) {
  absl::StatusOr<const rapidjson::Value*> items = common::GetArray(document, plural);
  if (!items.ok()) return Unexpected(endpoint, items.status().message());
  if (*items == nullptr) {
    return Unexpected(endpoint, absl::StrCat("member \"", plural, "\" is missing"));
  }
  return items;
}

}  // namespace

absl::StatusOr<std::string> ParseWriteAnswer(absl::string_view body, absl::string_view endpoint) {
  LEADGW_ASSIGN_OR_RETURN(rapidjson::Document document, ParseBody(body, endpoint));
  absl::StatusOr<int64_t> id = common::RequireInt64(document, "id");
  if (!id.ok()) return Unexpected(endpoint, id.status().message());
  if (*id <= 0) return Unexpected(endpoint, "member \"id\" is not a positive id");
  return absl::StrCat(*id);
}

absl::StatusOr<PageInfo> ParseListAnswer(ObjectKind kind, absl::string_view body,
                                         absl::string_view endpoint,
                                         absl::FunctionRef<google::protobuf::Message*()> add) {
  LEADGW_ASSIGN_OR_RETURN(rapidjson::Document document, ParseBody(body, endpoint));
  const absl::string_view plural = PluralName(kind);
  LEADGW_ASSIGN_OR_RETURN(const rapidjson::Value* items, Items(document, plural, endpoint));
  LEADGW_ASSIGN_OR_RETURN(PageInfo page, ParsePages(document, endpoint));
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    absl::Status status = ReadRecord(kind, (*items)[i], add());
    if (!status.ok()) {
      return Unexpected(endpoint, absl::StrCat(plural, "[", i, "]: ", status.message()));
    }
  }
  return page;
}

absl::StatusOr<LookupPage> ParseLookupAnswer(absl::string_view body, absl::string_view key,
                                             absl::string_view endpoint) {
  LEADGW_ASSIGN_OR_RETURN(rapidjson::Document document, ParseBody(body, endpoint));
  LEADGW_ASSIGN_OR_RETURN(const rapidjson::Value* items, Items(document, "leads", endpoint));
  LookupPage result;
  LEADGW_ASSIGN_OR_RETURN(result.page, ParsePages(document, endpoint));
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const rapidjson::Value& item = (*items)[i];
    absl::StatusOr<int64_t> id = common::RequireInt64(item, "id");
    absl::StatusOr<std::optional<std::string>> value = common::GetString(item, key);
    if (!id.ok() || !value.ok()) {
      return Unexpected(
          endpoint,
          absl::StrCat("leads[", i, "]: ", (!id.ok() ? id.status() : value.status()).message()));
    }
    result.candidates.push_back({absl::StrCat(*id), value->value_or("")});
  }
  return result;
}

std::string NextCursor(const PageInfo& page) {
  if (page.current_number < 1 || page.current_number >= page.total_number) return "";
  return absl::StrCat(page.current_number + 1);
}

std::string DescribeErrorBody(absl::string_view body) {
  absl::StatusOr<rapidjson::Document> document = common::ParseJsonObject(body);
  if (!document.ok()) return "";
  absl::StatusOr<const rapidjson::Value*> errors = common::GetArray(*document, "errors");
  if (!errors.ok() || *errors == nullptr) return "";
  std::vector<std::string> parts;
  for (const rapidjson::Value& error : (*errors)->GetArray()) {
    absl::StatusOr<std::optional<std::string>> field = common::GetString(error, "field");
    absl::StatusOr<std::optional<std::string>> message = common::GetString(error, "message");
    if (!message.ok() || !message->has_value()) continue;
    const std::string name = field.ok() ? field->value_or("") : "";
    if (name.empty() || absl::StartsWith(**message, name)) {
      parts.push_back(**message);
    } else {
      parts.push_back(absl::StrCat(name, ": ", **message));
    }
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace leadgw::backends::hotprofile
