// describe, describe2, lead field schema and partition listing.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/handler_util.h"
#include "emulators/marketo/handlers.h"
#include "emulators/marketo/paging.h"

namespace leadgw::emulators::marketo {
namespace {

constexpr size_t kMaxFieldsPerCreate = 100;

Reply Describe(const LeadStore& store, const RestRequest& req) {
  SuccessEnvelope env(req.request_id);
  for (const FieldDef& f : store.Fields()) env.result().PushBack(DescribeJson(f, env.alloc()), env.alloc());
  return env.Finish();
}

Reply Describe2(const LeadStore& store, const RestRequest& req) {
  SuccessEnvelope env(req.request_id);
  auto& a = env.alloc();
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("name", "API Lead", a);
  rapidjson::Value searchable(rapidjson::kArrayType);
  rapidjson::Value fields(rapidjson::kArrayType);
  rapidjson::Value cookies(rapidjson::kArrayType);
  cookies.PushBack("cookies", a);
  for (const FieldDef& f : store.Fields()) {
    fields.PushBack(Describe2FieldJson(f, a), a);
    if (f.searchable) {
      rapidjson::Value key(rapidjson::kArrayType);
      key.PushBack(JsonString(f.name, a), a);
      searchable.PushBack(key, a);
    }
  }
  searchable.PushBack(cookies, a);
  entry.AddMember("searchableFields", searchable, a);
  entry.AddMember("fields", fields, a);
  env.result().PushBack(entry, a);
  return env.Finish();
}

Reply ListFields(const LeadStore& store, const RestRequest& req) {
  const std::vector<FieldDef> all = store.Fields();
  Page page;
  if (auto error = ReadPage(req, all.size(), &page)) return *error;
  SuccessEnvelope env(req.request_id);
  for (size_t i = page.begin; i < page.end; ++i) {
    env.result().PushBack(LeadFieldJson(all[i], env.alloc()), env.alloc());
  }
  env.SetPaging(page.next_page_token, page.more);
  return env.Finish();
}

Reply GetField(const LeadStore& store, const RestRequest& req) {
  std::optional<FieldDef> f = store.Field(req.path_args.at(0));
  if (!f.has_value()) {
    return ErrorReply(req.request_id, "1006",
                      absl::StrCat("Field '", req.path_args.at(0), "' not found"));
  }
  SuccessEnvelope env(req.request_id);
  env.result().PushBack(LeadFieldJson(*f, env.alloc()), env.alloc());
  return env.Finish();
}

std::optional<bool> OptionalBool(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsBool()) return std::nullopt;
  return it->value.GetBool();
}

std::string StringMember(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// Validates and creates one custom field; returns "" on success or the reason.
std::pair<std::string, std::string> CreateOneField(LeadStore& store,
                                                   const rapidjson::Value& in) {
  if (!in.IsObject()) return {"1003", "Field definition must be an object"};
  FieldDef f;
  f.name = StringMember(in, "name");
  f.display_name = StringMember(in, "displayName");
  f.data_type = StringMember(in, "dataType");
  f.description = StringMember(in, "description");
  if (f.name.empty()) return {"1002", "Missing value for required parameter 'name'"};
  if (f.display_name.empty()) {
    return {"1002", "Missing value for required parameter 'displayName'"};
  }
  if (f.data_type.empty()) return {"1002", "Missing value for required parameter 'dataType'"};
  if (!IsValidFieldName(f.name)) {
    return {"1003", absl::StrCat("Invalid name '", f.name,
                                 "': must start with a letter and hold only letters, "
                                 "digits or underscores")};
  }
  if (!IsValidDisplayName(f.display_name)) {
    return {"1003", absl::StrCat("Invalid displayName '", f.display_name, "'")};
  }
  if (!IsCreatableDataType(f.data_type)) {
    return {"1003", absl::StrCat("Invalid dataType '", f.data_type, "'")};
  }
  f.length = (f.data_type == "string" || f.data_type == "email" || f.data_type == "url" ||
              f.data_type == "phone") ? 255 : 0;
  f.is_custom = true;
  f.is_api_created = true;
  f.searchable = IsSearchableCustomType(f.data_type);
  f.is_hidden = OptionalBool(in, "isHidden").value_or(false);
  f.is_html_encoding_in_email = OptionalBool(in, "isHtmlEncodingInEmail").value_or(true);
  f.is_sensitive = OptionalBool(in, "isSensitive").value_or(false);
  absl::Status status = store.AddField(f);
  if (!status.ok()) return {"1017", std::string(status.message())};
  return {"", ""};
}

Reply CreateFields(LeadStore& store, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxFieldsPerCreate, &input)) return *error;
  SuccessEnvelope env(req.request_id);
  auto& a = env.alloc();
  for (const rapidjson::Value& in : input->GetArray()) {
    auto [code, message] = CreateOneField(store, in);
    rapidjson::Value r(rapidjson::kObjectType);
    r.AddMember("name", JsonString(in.IsObject() ? StringMember(in, "name") : "", a), a);
    if (code.empty()) {
      r.AddMember("status", "created", a);
    } else {
      r.AddMember("status", "skipped", a);
      rapidjson::Value reasons(rapidjson::kArrayType);
      reasons.PushBack(CodeMessage(code, message, a), a);
      r.AddMember("reasons", reasons, a);
    }
    env.result().PushBack(r, a);
  }
  return env.Finish();
}

Reply UpdateField(LeadStore& store, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, 1, &input)) return *error;
  const rapidjson::Value& in = (*input)[0];
  if (!in.IsObject()) return ErrorReply(req.request_id, "1003", "input[0] must be an object");
  LeadStore::FieldPatch patch;
  if (in.HasMember("displayName")) {
    const std::string display = StringMember(in, "displayName");
    if (!IsValidDisplayName(display)) {
      return ErrorReply(req.request_id, "1003",
                        absl::StrCat("Invalid displayName '", display, "'"));
    }
    patch.display_name = display;
  }
  if (in.HasMember("description")) patch.description = StringMember(in, "description");
  patch.is_hidden = OptionalBool(in, "isHidden");
  patch.is_html_encoding_in_email = OptionalBool(in, "isHtmlEncodingInEmail");
  patch.is_sensitive = OptionalBool(in, "isSensitive");
  const std::string& name = req.path_args.at(0);
  absl::Status status = store.UpdateField(name, patch);
  if (absl::IsNotFound(status)) {
    return ErrorReply(req.request_id, "1006", std::string(status.message()));
  }
  if (!status.ok()) return ErrorReply(req.request_id, "1017", std::string(status.message()));
  SuccessEnvelope env(req.request_id);
  rapidjson::Value r(rapidjson::kObjectType);
  r.AddMember("name", JsonString(name, env.alloc()), env.alloc());
  r.AddMember("status", "updated", env.alloc());
  env.result().PushBack(r, env.alloc());
  return env.Finish();
}

Reply ListPartitions(const LeadStore& store, const RestRequest& req) {
  SuccessEnvelope env(req.request_id);
  auto& a = env.alloc();
  for (const Partition& p : store.Partitions()) {
    rapidjson::Value v(rapidjson::kObjectType);
    v.AddMember("id", p.id, a);
    v.AddMember("name", JsonString(p.name, a), a);
    v.AddMember("description", JsonString(p.description, a), a);
    env.result().PushBack(v, a);
  }
  return env.Finish();
}

}  // namespace

void AddSchemaRoutes(Router& router, LeadStore& store, bool with_describe2) {
  LeadStore* s = &store;
  router.Add("GET", "/rest/v1/leads/describe\\.json", "describe_leads",
             [s](const RestRequest& r) { return Describe(*s, r); });
  if (with_describe2) {
    router.Add("GET", "/rest/v1/leads/describe2\\.json", "describe_leads2",
               [s](const RestRequest& r) { return Describe2(*s, r); });
  }
  router.Add("GET", "/rest/v1/leads/schema/fields\\.json", "get_lead_fields",
             [s](const RestRequest& r) { return ListFields(*s, r); });
  router.Add("POST", "/rest/v1/leads/schema/fields\\.json", "create_lead_fields",
             [s](const RestRequest& r) { return CreateFields(*s, r); });
  router.Add("GET", "/rest/v1/leads/schema/fields/([A-Za-z0-9_]+)\\.json", "get_lead_field",
             [s](const RestRequest& r) { return GetField(*s, r); });
  router.Add("POST", "/rest/v1/leads/schema/fields/([A-Za-z0-9_]+)\\.json",
             "update_lead_field", [s](const RestRequest& r) { return UpdateField(*s, r); });
  router.Add("GET", "/rest/v1/leads/partitions\\.json", "get_lead_partitions",
             [s](const RestRequest& r) { return ListPartitions(*s, r); });
}

}  // namespace leadgw::emulators::marketo
