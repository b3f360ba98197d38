// Merge Leads and Associate Lead (web activity cookie).
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/handler_util.h"
#include "emulators/marketo/handlers.h"

namespace leadgw::emulators::marketo {
namespace {

constexpr size_t kMaxMergeLosers = 25;

Reply MergeLeads(LeadStore& store, const RestRequest& req) {
  int64_t winner = 0;
  if (!ParseId(req.path_args.at(0), &winner)) {
    return ErrorReply(req.request_id, "1003", "Invalid lead id");
  }
  std::vector<std::string> raw;
  if (req.HasParam("leadIds")) raw = SplitCsv(req.Param("leadIds"));
  if (req.HasParam("leadId")) {
    for (const std::string& s : SplitCsv(req.Param("leadId"))) raw.push_back(s);
  }
  if (raw.empty()) return ErrorReply(req.request_id, "701", "leadId cannot be blank");
  if (raw.size() > kMaxMergeLosers) {
    return ErrorReply(req.request_id, "1080",
                      absl::StrCat("Merge supports at most ", kMaxMergeLosers,
                                   " leadIds, got ", raw.size()));
  }
  std::vector<int64_t> losers;
  for (const std::string& s : raw) {
    int64_t id = 0;
    if (!ParseId(s, &id)) {
      return ErrorReply(req.request_id, "1003", absl::StrCat("Invalid lead id '", s, "'"));
    }
    if (id == winner) {
      return ErrorReply(req.request_id, "1003", "A lead cannot be merged into itself");
    }
    losers.push_back(id);
  }
  const std::string in_crm = req.Param("mergeInCRM");
  if (!in_crm.empty() && in_crm != "true" && in_crm != "false") {
    return ErrorReply(req.request_id, "1001", "mergeInCRM must be true or false");
  }
  absl::Status status = store.MergeLeads(winner, losers);
  if (!status.ok()) return ErrorReply(req.request_id, "1004", std::string(status.message()));
  SuccessEnvelope env(req.request_id);
  return env.Finish(/*include_result=*/false);
}

// The _mkto_trk value: "id:AAA-BBB-CCC&token:_mch-<domain>-<timestamp>-<random>".
bool IsValidMunchkinCookie(const std::string& cookie) {
  static const auto* kPattern =
      new std::regex("id:[0-9A-Za-z]{3}-[0-9A-Za-z]{3}-[0-9A-Za-z]{3}&token:_mch-[^&]+");
  return std::regex_match(cookie, *kPattern);
}

Reply AssociateLead(LeadStore& store, const RestRequest& req) {
  int64_t id = 0;
  if (!ParseId(req.path_args.at(0), &id)) {
    return ErrorReply(req.request_id, "1003", "Invalid lead id");
  }
  const std::string cookie = req.Param("cookie");
  if (cookie.empty()) return ErrorReply(req.request_id, "701", "cookie cannot be blank");
  if (!IsValidMunchkinCookie(cookie)) {
    return ErrorReply(req.request_id, "1012", absl::StrCat("Invalid cookie value '", cookie, "'"));
  }
  if (!store.AssociateCookie(id, cookie)) {
    return ErrorReply(req.request_id, "1004", absl::StrCat("Lead '", id, "' not found"));
  }
  SuccessEnvelope env(req.request_id);
  return env.Finish(/*include_result=*/false);
}

}  // namespace

void AddLeadActionRoutes(Router& router, LeadStore& store) {
  LeadStore* s = &store;
  router.Add("POST", "/rest/v1/leads/([0-9]+)/merge\\.json", "merge_leads",
             [s](const RestRequest& r) { return MergeLeads(*s, r); });
  router.Add("POST", "/rest/v1/leads/([0-9]+)/associate\\.json", "associate_lead",
             [s](const RestRequest& r) { return AssociateLead(*s, r); });
}

}  // namespace leadgw::emulators::marketo
