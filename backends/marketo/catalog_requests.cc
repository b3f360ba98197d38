#include "backends/marketo/catalog_requests.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/json_reader.h"
#include "common/status_macros.h"
#include "upstream/http/url.h"
#include "backends/marketo/value_to_json.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using Allocator = rapidjson::Document::AllocatorType;

MarketoCall Get(absl::string_view endpoint, std::string path) {
  MarketoCall call;
  call.endpoint = std::string(endpoint);
  call.path = std::move(path);
  return call;
}

std::string LeadPath(absl::string_view lead_id, absl::string_view leaf) {
  return absl::StrCat("/rest/v1/leads/", upstream::http::UrlEncode(lead_id), "/", leaf);
}

MarketoCall PostInput(absl::string_view endpoint, std::string path, rapidjson::Value& input,
                      rapidjson::Document& doc) {
  doc.AddMember("input", input, doc.GetAllocator());
  MarketoCall call = Get(endpoint, std::move(path));
  call.method = upstream::http::HttpMethod::kPost;
  call.json_body = common::ToJsonText(doc);
  return call;
}

std::string ListLeadsPath(absl::string_view list_id, absl::string_view leaf) {
  return absl::StrCat("/rest/v1/lists/", upstream::http::UrlEncode(list_id), "/", leaf);
}

// Membership writes: each run may fire Marketo triggers ("Added to List", "Program Status
// is Changed") and a repeated removal reports 1015 for the leads the first run removed, so
// they are repeated only when Marketo provably did not run them.
MarketoCall NotIdempotent(MarketoCall call) {
  call.idempotent = false;
  return call;
}

}  // namespace

absl::StatusOr<MarketoCall> AddToListCall(const v1::StaticListMembersRequest& request, int begin,
                                          int end) {
  rapidjson::Document doc(rapidjson::kObjectType);
  LEADGW_ASSIGN_OR_RETURN(rapidjson::Value input, IdInput(request.lead_ids(), "lead_ids", "id",
                                                          begin, end, doc.GetAllocator()));
  return NotIdempotent(PostInput("add_leads_to_list",
                                 ListLeadsPath(request.list_id(), "leads.json"), input, doc));
}

absl::StatusOr<MarketoCall> RemoveFromListCall(const v1::StaticListMembersRequest& request,
                                               int begin, int end) {
  LEADGW_ASSIGN_OR_RETURN(std::string ids, IdCsv(request.lead_ids(), "lead_ids", begin, end));
  MarketoCall call = Get("remove_leads_from_list", ListLeadsPath(request.list_id(), "leads.json"));
  call.method = upstream::http::HttpMethod::kDelete;
  call.query.emplace_back("id", std::move(ids));
  return NotIdempotent(std::move(call));
}

absl::StatusOr<MarketoCall> IsMemberOfListCall(const v1::StaticListMembersRequest& request,
                                               int begin, int end) {
  LEADGW_ASSIGN_OR_RETURN(std::string ids, IdCsv(request.lead_ids(), "lead_ids", begin, end));
  MarketoCall call = Get("is_member_of_list", ListLeadsPath(request.list_id(), "leads/ismember.json"));
  call.query.emplace_back("id", std::move(ids));
  return call;
}

absl::StatusOr<MarketoCall> SyncProgramMemberStatusCall(
    const v1::SetProgramMemberStatusRequest& request, int begin, int end) {
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();
  doc.AddMember("statusName", JsonString(request.status_name(), a), a);
  LEADGW_ASSIGN_OR_RETURN(rapidjson::Value input,
                          IdInput(request.lead_ids(), "lead_ids", "leadId", begin, end, a));
  return NotIdempotent(PostInput(
      "sync_program_member_status",
      absl::StrCat("/rest/v1/programs/", upstream::http::UrlEncode(request.program_id()),
                   "/members/status.json"),
      input, doc));
}

MarketoCall StaticListMembersCall(const v1::ListStaticListMembersRequest& request, int batch_size) {
  MarketoCall call =
      Get("get_leads_by_list",
          absl::StrCat("/rest/v1/lists/", upstream::http::UrlEncode(request.list_id()), "/leads.json"));
  if (!request.fields().empty()) {
    call.query.emplace_back("fields", absl::StrJoin(request.fields(), ","));
  }
  AddPaging(call, batch_size, request.page_token());
  return call;
}

MarketoCall LeadStaticListsCall(const v1::ListLeadStaticListsRequest& request, int batch_size) {
  MarketoCall call = Get("get_list_membership", LeadPath(request.lead_id(), "listMembership.json"));
  AddPaging(call, batch_size, request.page_token());
  return call;
}

MarketoCall ProgramMembersCall(const v1::ListProgramMembersRequest& request, int batch_size) {
  MarketoCall call =
      Get("get_leads_by_program",
          absl::StrCat("/rest/v1/leads/programs/", upstream::http::UrlEncode(request.program_id()), ".json"));
  if (!request.fields().empty()) {
    std::string fields = absl::StrJoin(request.fields(), ",");
    const auto& given = request.fields();
    if (std::find(given.begin(), given.end(), "membership") == given.end()) {
      absl::StrAppend(&fields, ",membership");
    }
    call.query.emplace_back("fields", std::move(fields));
  }
  AddPaging(call, batch_size, request.page_token());
  return call;
}

MarketoCall LeadProgramsCall(const v1::ListLeadProgramsRequest& request, int batch_size) {
  MarketoCall call =
      Get("get_program_membership", LeadPath(request.lead_id(), "programMembership.json"));
  if (!request.program_ids().empty()) {
    call.query.emplace_back("filterType", "programId");
    call.query.emplace_back("filterValues", absl::StrJoin(request.program_ids(), ","));
  }
  AddPaging(call, batch_size, request.page_token());
  return call;
}

MarketoCall LeadSmartCampaignsCall(const v1::ListLeadSmartCampaignsRequest& request,
                                   int batch_size) {
  MarketoCall call = Get("get_smart_campaign_membership",
                         LeadPath(request.lead_id(), "smartCampaignMembership.json"));
  AddPaging(call, batch_size, request.page_token());
  return call;
}

MarketoCall GetLeadFieldCall(absl::string_view name) {
  return Get("get_lead_field",
             absl::StrCat("/rest/v1/leads/schema/fields/", upstream::http::UrlEncode(name), ".json"));
}

MarketoCall ListLeadFieldsCall(int batch_size, absl::string_view next_page_token) {
  MarketoCall call = Get("get_lead_fields", "/rest/v1/leads/schema/fields.json");
  AddPaging(call, batch_size, next_page_token);
  return call;
}

MarketoCall CreateLeadFieldsCall(const v1::CreateLeadFieldsRequest& request) {
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();
  rapidjson::Value input(rapidjson::kArrayType);
  for (const v1::NewLeadField& field : request.fields()) {
    rapidjson::Value json(rapidjson::kObjectType);
    json.AddMember("displayName", JsonString(field.display_name(), a), a);
    json.AddMember("name", JsonString(field.name(), a), a);
    json.AddMember("dataType", JsonString(field.data_type(), a), a);
    if (!field.description().empty()) {
      json.AddMember("description", JsonString(field.description(), a), a);
    }
    if (field.has_is_hidden()) json.AddMember("isHidden", field.is_hidden(), a);
    if (field.has_is_html_encoding_in_email()) {
      json.AddMember("isHtmlEncodingInEmail", field.is_html_encoding_in_email(), a);
    }
    if (field.has_is_sensitive()) json.AddMember("isSensitive", field.is_sensitive(), a);
    input.PushBack(json, a);
  }
  MarketoCall call =
      PostInput("create_lead_fields", "/rest/v1/leads/schema/fields.json", input, doc);
  call.idempotent = false;  // a repeat answers "already exists" for fields the first made
  return call;
}

MarketoCall UpdateLeadFieldCall(const v1::UpdateLeadFieldRequest& request) {
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();
  rapidjson::Value json(rapidjson::kObjectType);
  if (request.has_display_name())
    json.AddMember("displayName", JsonString(request.display_name(), a), a);
  if (request.has_description())
    json.AddMember("description", JsonString(request.description(), a), a);
  if (request.has_is_hidden()) json.AddMember("isHidden", request.is_hidden(), a);
  if (request.has_is_html_encoding_in_email()) {
    json.AddMember("isHtmlEncodingInEmail", request.is_html_encoding_in_email(), a);
  }
  if (request.has_is_sensitive()) json.AddMember("isSensitive", request.is_sensitive(), a);
  rapidjson::Value input(rapidjson::kArrayType);
  input.PushBack(json, a);
  return PostInput(
      "update_lead_field",
      absl::StrCat("/rest/v1/leads/schema/fields/", upstream::http::UrlEncode(request.name()), ".json"),
      input, doc);
}

}  // namespace leadgw::backends::marketo
