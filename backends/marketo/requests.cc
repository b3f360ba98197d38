#include "backends/marketo/requests.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/invalid_field.h"
#include "backends/common/json_reader.h"
#include "backends/marketo/lead_json.h"
#include "backends/marketo/paging.h"
#include "backends/marketo/value_to_json.h"
#include "common/status_macros.h"
#include "upstream/http/url.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;

// Bytes reserved per record of a body: a typical lead (email, names, company, title)
// writes ~150, so most 300-record bodies never grow their buffer.
constexpr size_t kBytesPerRecord = 192;
constexpr size_t kBytesOfEnvelope = 128;

MarketoCall Post(absl::string_view endpoint, std::string path, std::string json) {
  MarketoCall call;
  call.method = upstream::http::HttpMethod::kPost;
  call.endpoint = std::string(endpoint);
  call.path = std::move(path);
  call.json_body = std::move(json);
  return call;
}

MarketoCall Post(absl::string_view endpoint, std::string path, const JsonBody& body) {
  return Post(endpoint, std::move(path), body.Text());
}

// The limit of a body built for an exact range of records (SyncLeadsCall, PushLeadsCall).
constexpr size_t kUnlimitedBytes = std::numeric_limits<size_t>::max();

void WriteMember(JsonWriter& out, absl::string_view name, absl::string_view value) {
  WriteJsonString(name, out);
  WriteJsonString(value, out);
}

void WriteIfSet(JsonWriter& out, absl::string_view name, absl::string_view value) {
  if (!value.empty()) WriteMember(out, name, value);
}

}  // namespace

absl::StatusOr<int64_t> ParseId(absl::string_view text, absl::string_view path) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return common::InvalidField(path, "must be a positive decimal id that fits 64 bits");
  }
  return id;
}

absl::StatusOr<rapidjson::Value> IdInput(const FieldList& ids, absl::string_view field,
                                         const char* member, int begin, int end,
                                         rapidjson::Document::AllocatorType& a) {
  rapidjson::Value input(rapidjson::kArrayType);
  for (int i = begin; i < end; ++i) {
    LEADGW_ASSIGN_OR_RETURN(int64_t id, ParseId(ids[i], common::IndexPath(field, i)));
    rapidjson::Value record(rapidjson::kObjectType);
    record.AddMember(rapidjson::StringRef(member), id, a);
    input.PushBack(record, a);
  }
  return input;
}

absl::StatusOr<std::string> IdCsv(const FieldList& ids, absl::string_view field, int begin,
                                  int end) {
  std::string csv;
  for (int i = begin; i < end; ++i) {
    // The parsed number, not the text: "007" and "7" are one lead to Marketo.
    LEADGW_ASSIGN_OR_RETURN(int64_t id, ParseId(ids[i], common::IndexPath(field, i)));
    absl::StrAppend(&csv, i == begin ? "" : ",", id);
  }
  return csv;
}

absl::string_view ActionName(v1::UpsertAction action) {
  switch (action) {
    case v1::UPSERT_ACTION_CREATE_ONLY:
      return "createOnly";
    case v1::UPSERT_ACTION_UPDATE_ONLY:
      return "updateOnly";
    case v1::UPSERT_ACTION_CREATE_DUPLICATE:
      return "createDuplicate";
    default:
      return "createOrUpdate";
  }
}

absl::string_view EffectiveLookupField(absl::string_view lookup_field) {
  return lookup_field.empty() ? "email" : lookup_field;
}

void AddPaging(MarketoCall& call, int batch_size, absl::string_view next_page_token) {
  if (batch_size > 0) call.query.emplace_back("batchSize", absl::StrCat(batch_size));
  if (!next_page_token.empty()) {
    call.query.emplace_back("nextPageToken", std::string(next_page_token));
  }
}

MarketoCall DescribeLeadsCall() {
  MarketoCall call;
  call.endpoint = "describe_leads";
  call.path = "/rest/v1/leads/describe.json";
  return call;
}

MarketoCall DescribeLeads2Call() {
  MarketoCall call;
  call.endpoint = "describe_leads2";
  call.path = "/rest/v1/leads/describe2.json";
  return call;
}

MarketoCall GetLeadCall(absl::string_view id, const FieldList& fields) {
  MarketoCall call;
  call.endpoint = "get_lead";
  call.path = absl::StrCat("/rest/v1/lead/", upstream::http::UrlEncode(id), ".json");
  if (!fields.empty()) call.query.emplace_back("fields", absl::StrJoin(fields, ","));
  return call;
}

MarketoCall LeadsByFilterCall(absl::string_view filter_type,
                              absl::Span<const std::string> filter_values, const FieldList& fields,
                              int batch_size, absl::string_view next_page_token) {
  MarketoCall call;
  call.endpoint = "get_leads_by_filter";
  call.path = "/rest/v1/leads.json";
  call.query.emplace_back("filterType", std::string(filter_type));
  call.query.emplace_back("filterValues", absl::StrJoin(filter_values, ","));
  if (!fields.empty()) call.query.emplace_back("fields", absl::StrJoin(fields, ","));
  AddPaging(call, batch_size, next_page_token);
  return call;
}

namespace {

absl::StatusOr<SizedBody> SyncLeadsBody(const v1::UpsertLeadsRequest& request, int begin,
                                        int max_end, size_t max_bytes) {
  return WriteSizedBody(
      begin, max_end, max_bytes, kBytesOfEnvelope + kBytesPerRecord * (max_end - begin),
      [&](JsonWriter& out) {
        WriteMember(out, "action", ActionName(request.action()));
        WriteIfSet(out, "lookupField", request.lookup_field());
        WriteIfSet(out, "partitionName", request.partition_name());
        if (request.async_processing()) {
          out.Key("asyncProcessing");
          out.Bool(true);
        }
      },
      [&](int i, JsonWriter& out) -> absl::Status {
        out.StartObject();
        LEADGW_RETURN_IF_ERROR(
            WriteLeadMembers(request.leads(i), common::IndexPath("leads", i), out));
        out.EndObject();
        return absl::OkStatus();
      });
}

MarketoCall SyncLeadsPost(const v1::UpsertLeadsRequest& request, std::string json) {
  MarketoCall call = Post("sync_leads", "/rest/v1/leads.json", std::move(json));
  // createOnly and createDuplicate make new leads each time they run; createOrUpdate and
  // updateOnly converge on the same state when repeated.
  call.idempotent = request.action() != v1::UPSERT_ACTION_CREATE_ONLY &&
                    request.action() != v1::UPSERT_ACTION_CREATE_DUPLICATE;
  return call;
}

}  // namespace

absl::StatusOr<MarketoCall> SyncLeadsCall(const v1::UpsertLeadsRequest& request, int begin,
                                          int end) {
  LEADGW_ASSIGN_OR_RETURN(SizedBody body, SyncLeadsBody(request, begin, end, kUnlimitedBytes));
  return SyncLeadsPost(request, UnlimitedJson(std::move(body)));
}

absl::StatusOr<ChunkedWrite> SyncLeadsCalls(const v1::UpsertLeadsRequest& request) {
  return BuildSizedChunkCalls(
      request.leads_size(),
      [&](int begin, int max_end) { return SyncLeadsBody(request, begin, max_end, kMaxBodyBytes); },
      [&](std::string json) { return SyncLeadsPost(request, std::move(json)); });
}

absl::Status CheckSyncLeads(const v1::UpsertLeadsRequest& request) {
  DiscardingJsonWriter out;
  for (int i = 0; i < request.leads_size(); ++i) {
    LEADGW_RETURN_IF_ERROR(WriteLeadMembers(request.leads(i), common::IndexPath("leads", i), out));
  }
  return absl::OkStatus();
}

namespace {

absl::StatusOr<SizedBody> PushLeadsBody(const v1::PushLeadsRequest& request, int begin, int max_end,
                                        size_t max_bytes) {
  return WriteSizedBody(
      begin, max_end, max_bytes, kBytesOfEnvelope + kBytesPerRecord * (max_end - begin),
      [&](JsonWriter& out) {
        WriteMember(out, "programName", request.program_name());
        WriteIfSet(out, "source", request.source());
        WriteIfSet(out, "reason", request.reason());
        WriteIfSet(out, "lookupField", request.lookup_field());
        WriteIfSet(out, "partitionName", request.partition_name());
        WriteIfSet(out, "programStatus", request.program_status());
      },
      [&](int i, JsonWriter& out) -> absl::Status {
        const v1::PushLeadRecord& record = request.records(i);
        const std::string path = common::IndexPath("records", i);
        out.StartObject();
        LEADGW_RETURN_IF_ERROR(
            WriteLeadMembers(record.lead(), common::JoinPath(path, "lead"), out));
        if (!record.mkt_token().empty()) {
          if (record.lead().custom_fields().count("mktToken") > 0) {
            return common::InvalidField(common::JoinPath(path, "mkt_token"),
                                        "also given as lead.custom_fields[\"mktToken\"]");
          }
          WriteMember(out, "mktToken", record.mkt_token());
        }
        out.EndObject();
        return absl::OkStatus();
      });
}

MarketoCall PushLeadsPost(std::string json) {
  MarketoCall call = Post("push_leads", "/rest/v1/leads/push.json", std::move(json));
  call.idempotent = false;  // may create leads and add program members again
  return call;
}

}  // namespace

absl::StatusOr<MarketoCall> PushLeadsCall(const v1::PushLeadsRequest& request, int begin, int end) {
  LEADGW_ASSIGN_OR_RETURN(SizedBody body, PushLeadsBody(request, begin, end, kUnlimitedBytes));
  return PushLeadsPost(UnlimitedJson(std::move(body)));
}

absl::StatusOr<ChunkedWrite> PushLeadsCalls(const v1::PushLeadsRequest& request) {
  return BuildSizedChunkCalls(
      request.records_size(),
      [&](int begin, int max_end) { return PushLeadsBody(request, begin, max_end, kMaxBodyBytes); },
      [](std::string json) { return PushLeadsPost(std::move(json)); });
}

absl::StatusOr<MarketoCall> DeleteLeadsCall(const v1::DeleteLeadsRequest& request, int begin,
                                            int end) {
  JsonBody body(kBytesOfEnvelope + 32 * (end - begin));
  JsonWriter& out = body.writer();
  out.StartObject();
  out.Key("input");
  out.StartArray();
  for (int i = begin; i < end; ++i) {
    LEADGW_ASSIGN_OR_RETURN(int64_t id, ParseId(request.ids(i), common::IndexPath("ids", i)));
    out.StartObject();
    out.Key("id");
    out.Int64(id);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  MarketoCall call = Post("delete_leads", "/rest/v1/leads/delete.json", body);
  // A repeat would report the leads deleted by the first run as "not found".
  call.idempotent = false;
  return call;
}

MarketoCall MergeLeadsCall(const v1::MergeLeadsRequest& request) {
  MarketoCall call;
  call.method = upstream::http::HttpMethod::kPost;
  call.endpoint = "merge_leads";
  call.idempotent = false;  // the losers are gone after the first run
  call.path = absl::StrCat("/rest/v1/leads/", upstream::http::UrlEncode(request.winner_id()), "/merge.json");
  // One loser goes in leadId, several in leadIds (CSV), as the seed describes.
  if (request.loser_ids_size() == 1) {
    call.query.emplace_back("leadId", request.loser_ids(0));
  } else {
    call.query.emplace_back("leadIds", absl::StrJoin(request.loser_ids(), ","));
  }
  if (request.merge_in_crm()) call.query.emplace_back("mergeInCRM", "true");
  return call;
}

absl::StatusOr<MarketoCall> SubmitFormCall(const v1::SubmitFormRequest& request) {
  JsonBody body(kBytesOfEnvelope + kBytesPerRecord);
  JsonWriter& out = body.writer();
  out.StartObject();
  out.Key("formId");
  out.Int64(static_cast<int64_t>(request.form_id()));
  if (request.program_id() > 0) {
    out.Key("programId");
    out.Int64(static_cast<int64_t>(request.program_id()));
  }
  out.Key("input");
  out.StartArray();
  out.StartObject();
  out.Key("leadFormFields");
  out.StartObject();
  for (const auto& [name, value] : request.form_fields()) {
    WriteJsonString(name, out);
    absl::Status converted = WriteValueJson(value, out);
    if (!converted.ok()) {
      return common::InvalidField(common::KeyPath("form_fields", name), converted.message());
    }
  }
  out.EndObject();
  if (request.has_visitor_data()) {
    const v1::VisitorData& visit = request.visitor_data();
    out.Key("visitorData");
    out.StartObject();
    WriteIfSet(out, "pageURL", visit.page_url());
    WriteIfSet(out, "queryString", visit.query_string());
    WriteIfSet(out, "leadClientIpAddress", visit.lead_client_ip_address());
    WriteIfSet(out, "userAgentString", visit.user_agent_string());
    out.EndObject();
  }
  WriteIfSet(out, "cookie", request.cookie());
  out.EndObject();
  out.EndArray();
  out.EndObject();
  MarketoCall call = Post("submit_form", "/rest/v1/leads/submitForm.json", body);
  call.idempotent = false;  // each run is a new form fill-out activity
  return call;
}

MarketoCall AssociateLeadCall(const v1::AssociateWebActivityRequest& request) {
  MarketoCall call;
  call.method = upstream::http::HttpMethod::kPost;
  call.endpoint = "associate_lead";
  call.path =
      absl::StrCat("/rest/v1/leads/", upstream::http::UrlEncode(request.lead_id()), "/associate.json");
  // The stub URL-encodes it: "id:287-GTJ-838&token:..." must stay one parameter.
  call.query.emplace_back("cookie", request.cookie());
  return call;
}

MarketoCall ListPartitionsCall() {
  MarketoCall call;
  call.endpoint = "get_partitions";
  call.path = "/rest/v1/leads/partitions.json";
  return call;
}

absl::StatusOr<MarketoCall> UpdatePartitionsCall(const v1::UpdateLeadPartitionsRequest& request,
                                                 int begin, int end) {
  JsonBody body(kBytesOfEnvelope + 64 * (end - begin));
  JsonWriter& out = body.writer();
  out.StartObject();
  out.Key("input");
  out.StartArray();
  for (int i = begin; i < end; ++i) {
    const v1::LeadPartitionAssignment& assignment = request.assignments(i);
    const std::string path = common::IndexPath("assignments", i);
    LEADGW_ASSIGN_OR_RETURN(int64_t id,
                            ParseId(assignment.lead_id(), common::JoinPath(path, "lead_id")));
    out.StartObject();
    out.Key("id");
    out.Int64(id);
    WriteMember(out, "partitionName", assignment.partition_name());
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return Post("update_partitions", "/rest/v1/leads/partitions.json", body);
}

}  // namespace leadgw::backends::marketo
