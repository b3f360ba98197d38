// Get Lead by Id and Get Leads by Filter Type.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/handler_util.h"
#include "emulators/marketo/handlers.h"
#include "emulators/marketo/paging.h"

namespace leadgw::emulators::marketo {
namespace {

constexpr size_t kMaxFilterValues = 300;
constexpr size_t kMaxFilterMatches = 1000;

Reply GetLeadById(const LeadStore& store, const RestRequest& req) {
  int64_t id = 0;
  if (!ParseId(req.path_args.at(0), &id)) {
    return ErrorReply(req.request_id, "1003", "Invalid lead id");
  }
  std::vector<std::string> fields;
  if (auto error = ResolveFields(store, req, false, &fields)) return *error;
  SuccessEnvelope env(req.request_id);
  // An unknown id is a successful, empty answer.
  if (std::optional<Lead> lead = store.GetLead(id)) {
    env.result().PushBack(LeadJson(*lead, fields, env.alloc()), env.alloc());
  }
  return env.Finish();
}

bool IsFilterable(const LeadStore& store, const std::string& filter_type) {
  if (filter_type == "cookies") return true;
  std::optional<FieldDef> def = store.Field(filter_type);
  return def.has_value() && def->searchable;
}

Reply GetLeadsByFilter(const LeadStore& store, const RestRequest& req) {
  const std::string filter_type = req.Param("filterType");
  if (filter_type.empty()) return ErrorReply(req.request_id, "701", "filterType cannot be blank");
  if (!req.HasParam("filterValues") || req.Param("filterValues").empty()) {
    return ErrorReply(req.request_id, "701", "filterValues cannot be blank");
  }
  if (!IsFilterable(store, filter_type)) {
    return ErrorReply(req.request_id, "1011",
                      absl::StrCat("Field '", filter_type, "' not supported for filterType"));
  }
  std::vector<std::string> values = filter_type == "cookies"
                                        ? std::vector<std::string>{req.Param("filterValues")}
                                        : SplitCsv(req.Param("filterValues"));
  if (values.size() > kMaxFilterValues) {
    return ErrorReply(req.request_id, "1003",
                      absl::StrCat("Number of filterValues ", values.size(),
                                   " exceeds the maximum of ", kMaxFilterValues));
  }
  std::vector<std::string> fields;
  if (auto error = ResolveFields(store, req, false, &fields)) return *error;
  const std::vector<Lead> leads = store.FindLeads(filter_type, values);
  if (leads.size() > kMaxFilterMatches) {
    return ErrorReply(req.request_id, "1003", "Too many results match the filter");
  }
  Page page;
  if (auto error = ReadPage(req, leads.size(), &page)) return *error;
  SuccessEnvelope env(req.request_id);
  for (size_t i = page.begin; i < page.end; ++i) {
    env.result().PushBack(LeadJson(leads[i], fields, env.alloc()), env.alloc());
  }
  env.SetPaging(page.next_page_token, page.more);
  return env.Finish();
}

}  // namespace

void AddLeadReadRoutes(Router& router, LeadStore& store) {
  LeadStore* s = &store;
  router.Add("GET", "/rest/v1/lead/([0-9]+)\\.json", "get_lead_by_id",
             [s](const RestRequest& r) { return GetLeadById(*s, r); });
  router.Add("GET", "/rest/v1/leads\\.json", "get_leads_by_filter",
             [s](const RestRequest& r) { return GetLeadsByFilter(*s, r); });
}

}  // namespace leadgw::emulators::marketo
