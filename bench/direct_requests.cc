#include "bench/direct_requests.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::bench {
namespace {

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

// The body the gateway's Marketo adapter sends for a createOrUpdate of these leads.
std::string SyncLeadsBody(Scenario scenario, const std::string& tag, int request) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("action");
  writer.String("createOrUpdate");
  writer.Key("input");
  writer.StartArray();
  for (int record = 0; record < UpsertRecordCount(scenario); ++record) {
    const BenchLead lead = UpsertLead(tag, request, record);
    writer.StartObject();
    writer.Key("email");
    writer.String(lead.email);
    writer.Key("firstName");
    writer.String(lead.first_name);
    writer.Key("lastName");
    writer.String(lead.last_name);
    writer.Key("company");
    writer.String(lead.company);
    writer.Key("title");
    writer.String(lead.title);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// True when every entry of the Marketo "result" array has status created or updated.
bool AllWritten(const rapidjson::Document& doc) {
  if (!doc.HasMember("result") || !doc["result"].IsArray()) return false;
  for (const rapidjson::Value& result : doc["result"].GetArray()) {
    if (!result.IsObject() || !result.HasMember("status") || !result["status"].IsString()) {
      return false;
    }
    const absl::string_view status(result["status"].GetString(), result["status"].GetStringLength());
    if (status != "created" && status != "updated") return false;
  }
  return true;
}

}  // namespace

std::string PercentEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
  }
  return out;
}

absl::StatusOr<DirectWorkload> MakeDirectWorkload(Scenario scenario,
                                                  const DirectEndpoints& endpoints,
                                                  const std::string& tag) {
  DirectWorkload workload;
  const std::string& mkto = endpoints.marketo_url;
  const std::vector<std::string> marketo_headers = {
      absl::StrCat("Authorization: Bearer ", endpoints.marketo_token),
      "Accept: application/json", "Expect:"};
  switch (scenario) {
    case Scenario::kGetLead:
      workload.headers = marketo_headers;
      for (int i = 0; i < 40; ++i) {
        workload.calls.push_back(
            HttpCall{false, absl::StrCat(mkto, "/rest/v1/lead/", DemoLeadId(i), ".json"), ""});
      }
      break;
    case Scenario::kQueryLeads:
      workload.headers = marketo_headers;
      workload.calls.push_back(HttpCall{
          false,
          absl::StrCat(mkto, "/rest/v1/leads.json?filterType=email&filterValues=",
                       PercentEncode(absl::StrJoin(QueryEmails(), ",")), "&batchSize=300"),
          ""});
      break;
    case Scenario::kUpsert1:
    case Scenario::kUpsert300:
      workload.headers = marketo_headers;
      workload.headers.push_back("Content-Type: application/json");
      workload.check_write_results = true;
      for (int i = 0; i < UpsertPoolSize(scenario); ++i) {
        workload.calls.push_back(
            HttpCall{true, absl::StrCat(mkto, "/rest/v1/leads.json"), SyncLeadsBody(scenario, tag, i)});
      }
      break;
    case Scenario::kSearchBusinessCards:
      workload.upstream = Upstream::kHotProfile;
      workload.headers = {"Accept: application/json", "Expect:"};
      workload.calls.push_back(HttpCall{
          true,
          absl::StrCat(endpoints.hotprofile_url, "/rest_api/v1/business_cards/get_entry_list?api_key=",
                       PercentEncode(endpoints.hotprofile_api_key), "&",
                       PercentEncode("search[family_name_kana]"), "=", PercentEncode(kCardKanaFilter),
                       "&", PercentEncode("page[number]"), "=1&", PercentEncode("page[display_number]"),
                       "=", kCardPageSize),
          ""});
      break;
    case Scenario::kHealth:
    case Scenario::kDescribe:
      return absl::InvalidArgumentError(
          absl::StrCat(ScenarioName(scenario), " has no direct equivalent (gateway only)"));
  }
  return workload;
}

int32_t CheckDirectAnswer(const DirectWorkload& workload, int http_status, absl::string_view body) {
  if (http_status != 200) return http_status > 0 ? http_status : kOutcomeEnvelopeError;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return kOutcomeEnvelopeError;
  if (workload.upstream == Upstream::kHotProfile) {
    return doc.HasMember("business_cards") && doc["business_cards"].IsArray()
               ? kOutcomeOk
               : kOutcomeEnvelopeError;
  }
  if (!doc.HasMember("success") || !doc["success"].IsBool() || !doc["success"].GetBool()) {
    return kOutcomeEnvelopeError;
  }
  if (workload.check_write_results && !AllWritten(doc)) return kOutcomeDirectRecordFailed;
  return kOutcomeOk;
}

std::string DirectOutcomeName(int32_t outcome) {
  if (outcome == kOutcomeEnvelopeError) return "envelope_error";
  if (outcome == kOutcomeDirectRecordFailed) return "record_failed";
  if (outcome >= kOutcomeCurlBase) return absl::StrCat("curl_", outcome - kOutcomeCurlBase);
  return absl::StrCat("http_", outcome);
}

HttpCall IdentityCall(absl::string_view marketo_url, absl::string_view client_id,
                      absl::string_view client_secret) {
  return HttpCall{true, absl::StrCat(marketo_url, "/identity/oauth/token"),
                  absl::StrCat("grant_type=client_credentials&client_id=", PercentEncode(client_id),
                               "&client_secret=", PercentEncode(client_secret))};
}

absl::StatusOr<std::string> ParseAccessToken(absl::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("access_token") ||
      !doc["access_token"].IsString()) {
    return absl::InternalError("identity answer without access_token");
  }
  return std::string(doc["access_token"].GetString(), doc["access_token"].GetStringLength());
}

}  // namespace leadgw::bench
