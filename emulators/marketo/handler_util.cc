#include "emulators/marketo/handler_util.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace leadgw::emulators::marketo {

const std::vector<std::string>& DefaultLeadFields() {
  static const auto* kFields = new std::vector<std::string>{
      "id", "email", "updatedAt", "createdAt", "lastName", "firstName"};
  return *kFields;
}

std::vector<std::string> SplitCsv(absl::string_view s) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(s, ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

bool ParseId(absl::string_view text, int64_t* id) {
  return absl::SimpleAtoi(text, id) && *id > 0;
}

std::optional<Reply> ParseJsonBody(const RestRequest& req, rapidjson::Document* doc) {
  if (!absl::StrContains(absl::AsciiStrToLower(req.content_type), "application/json")) {
    return ErrorReply(req.request_id, "612", "Invalid Content Type");
  }
  doc->Parse(req.body.data(), req.body.size());
  if (doc->HasParseError() || !doc->IsObject()) {
    return ErrorReply(req.request_id, "609", "Invalid JSON");
  }
  return std::nullopt;
}

std::optional<Reply> GetInputArray(const RestRequest& req, const rapidjson::Document& doc,
                                   size_t max_records, const rapidjson::Value** input) {
  auto it = doc.FindMember("input");
  if (it == doc.MemberEnd() || !it->value.IsArray() || it->value.Empty()) {
    return ErrorReply(req.request_id, "701", "input cannot be blank");
  }
  if (it->value.Size() > max_records) {
    return ErrorReply(req.request_id, "1003",
                      absl::StrCat("Too many records in input: ", it->value.Size(),
                                   " (maximum ", max_records, ")"));
  }
  *input = &it->value;
  return std::nullopt;
}

std::optional<Reply> ResolveFields(const LeadStore& store, const RestRequest& req,
                                   bool allow_membership, std::vector<std::string>* fields) {
  if (!req.HasParam("fields") || req.Param("fields").empty()) {
    *fields = DefaultLeadFields();
    return std::nullopt;
  }
  fields->clear();
  for (const std::string& name : SplitCsv(req.Param("fields"))) {
    if (allow_membership && name == "membership") continue;  // always rendered
    if (name != "cookies" && !store.Field(name).has_value()) {
      return ErrorReply(req.request_id, "1006", absl::StrCat("Field '", name, "' not found"));
    }
    if (std::find(fields->begin(), fields->end(), name) == fields->end()) {
      fields->push_back(name);
    }
  }
  return std::nullopt;
}

rapidjson::Value LeadJson(const Lead& lead, const std::vector<std::string>& fields,
                          rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value v(rapidjson::kObjectType);
  for (const std::string& name : fields) {
    rapidjson::Value key = JsonString(name, alloc);
    if (name == "id") {
      v.AddMember(key, static_cast<int64_t>(lead.id), alloc);
    } else if (name == "createdAt") {
      v.AddMember(key, JsonString(FormatIsoTime(lead.created_at), alloc), alloc);
    } else if (name == "updatedAt") {
      v.AddMember(key, JsonString(FormatIsoTime(lead.updated_at), alloc), alloc);
    } else if (name == "leadPartitionId") {
      v.AddMember(key, lead.partition_id, alloc);
    } else if (name == "cookies") {
      if (!lead.cookies.empty()) {
        v.AddMember(key, JsonString(absl::StrJoin(lead.cookies, ","), alloc), alloc);
      }
    } else {
      auto it = lead.fields.find(name);
      if (it != lead.fields.end() && it->second.kind != FieldValue::Kind::kNull) {
        v.AddMember(key, it->second.ToJson(alloc), alloc);
      }
    }
  }
  return v;
}

std::optional<Reply> ReadIdInput(const RestRequest& req, std::vector<int64_t>* ids) {
  if (req.body.empty()) {
    for (const std::string& s : SplitCsv(req.Param("id"))) {
      int64_t id = 0;
      ids->push_back(ParseId(s, &id) ? id : 0);
    }
    if (ids->empty()) return ErrorReply(req.request_id, "701", "input cannot be blank");
    if (ids->size() > kMaxRecordsPerCall) {
      return ErrorReply(req.request_id, "1003", "Too many records in input (maximum 300)");
    }
    return std::nullopt;
  }
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxRecordsPerCall, &input)) return *error;
  for (const rapidjson::Value& in : input->GetArray()) {
    auto it = in.IsObject() ? in.FindMember("id") : in.MemberEnd();
    const bool valid = in.IsObject() && it != in.MemberEnd() && it->value.IsInt64();
    ids->push_back(valid ? it->value.GetInt64() : 0);
  }
  return std::nullopt;
}

std::optional<Reply> ReadUpdatedAtRange(const RestRequest& req, absl::Time* earliest,
                                        absl::Time* latest) {
  *earliest = absl::InfinitePast();
  *latest = absl::InfiniteFuture();
  for (const char* name : {"earliestUpdatedAt", "latestUpdatedAt"}) {
    const std::string text = req.Param(name);
    if (text.empty()) continue;
    absl::StatusOr<absl::Time> t = ParseIsoTime(text);
    if (!t.ok()) {
      return ErrorReply(req.request_id, "704", absl::StrCat("Invalid date format for ", name));
    }
    *(name[0] == 'e' ? earliest : latest) = *t;
  }
  return std::nullopt;
}

}  // namespace leadgw::emulators::marketo
