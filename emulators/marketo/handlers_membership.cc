// Static list members, a lead's list/program/smart campaign memberships, and leads by
// program.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "emulators/marketo/handler_util.h"
#include "emulators/marketo/handlers.h"
#include "emulators/marketo/paging.h"

namespace leadgw::emulators::marketo {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

bool ParseIntArg(const std::string& text, int* out) {
  return absl::SimpleAtoi(text, out) && *out > 0;
}

Reply ListNotFound(const RestRequest& req) {
  return ErrorReply(req.request_id, "1013",
                    absl::StrCat("Static list '", req.path_args.at(0), "' not found"));
}

Reply LeadsByList(const LeadStore& store, const RestRequest& req) {
  int list_id = 0;
  std::optional<std::vector<int64_t>> ids;
  if (ParseIntArg(req.path_args.at(0), &list_id)) ids = store.ListMembers(list_id);
  if (!ids.has_value()) return ListNotFound(req);
  std::vector<std::string> fields;
  if (auto error = ResolveFields(store, req, false, &fields)) return *error;
  Page page;
  if (auto error = ReadPage(req, ids->size(), &page)) return *error;
  SuccessEnvelope env(req.request_id);
  for (size_t i = page.begin; i < page.end; ++i) {
    if (std::optional<Lead> lead = store.GetLead((*ids)[i])) {
      env.result().PushBack(LeadJson(*lead, fields, env.alloc()), env.alloc());
    }
  }
  env.SetPaging(page.next_page_token, page.more);
  return env.Finish();
}

// add / remove / ismember share the id input and the per-record shape. An unknown lead is
// skipped with 1004 by all three; a known lead outside the list is 1015 for a removal.
enum class ListOp { kAdd, kRemove, kIsMember };

rapidjson::Value ListOperationRecord(LeadStore& store, ListOp op, int list_id, int64_t id,
                                     const std::vector<int64_t>& members, Alloc& a) {
  if (!store.GetLead(id).has_value()) return SkippedRecord(id, "1004", "Lead not found", a);
  switch (op) {
    case ListOp::kIsMember: {
      const bool member = std::find(members.begin(), members.end(), id) != members.end();
      return RecordStatus(id, member ? "memberof" : "notmemberof", a);
    }
    case ListOp::kAdd:
      return store.AddToList(list_id, id) ? RecordStatus(id, "added", a)
                                          : SkippedRecord(id, "1004", "Lead not found", a);
    case ListOp::kRemove:
      return store.RemoveFromList(list_id, id) ? RecordStatus(id, "removed", a)
                                               : SkippedRecord(id, "1015", "Lead not in list", a);
  }
  return SkippedRecord(id, "1003", "Unsupported list operation", a);
}

Reply ListOperation(LeadStore& store, ListOp op, const RestRequest& req) {
  int list_id = 0;
  if (!ParseIntArg(req.path_args.at(0), &list_id) || !store.HasList(list_id)) {
    return ListNotFound(req);
  }
  std::vector<int64_t> ids;
  if (auto error = ReadIdInput(req, &ids)) return *error;
  const std::vector<int64_t> members = store.ListMembers(list_id).value_or(std::vector<int64_t>());
  SuccessEnvelope env(req.request_id);
  for (int64_t id : ids) {
    env.result().PushBack(ListOperationRecord(store, op, list_id, id, members, env.alloc()),
                          env.alloc());
  }
  return env.Finish();
}

// Sync Program Member Status names the lead `leadId` and numbers the records `seq` (their
// input position) where the other write calls answer `id`.
rapidjson::Value ProgramMemberRecord(rapidjson::Value record, int64_t lead_id, int seq,
                                     Alloc& a) {
  record.RemoveMember("id");
  if (lead_id > 0) record.AddMember("leadId", lead_id, a);
  record.AddMember("seq", seq, a);
  return record;
}

// POST /rest/v1/programs/{programId}/members/status.json {"statusName", "input":[{leadId}]}:
// sets the status, adding leads that are not members yet (updated); an unknown lead is
// skipped with 1004, an unknown program is 1013 for the whole call.
Reply SyncProgramMemberStatus(LeadStore& store, const RestRequest& req) {
  int program_id = 0;
  if (!ParseIntArg(req.path_args.at(0), &program_id) || !store.HasProgram(program_id)) {
    return ErrorReply(req.request_id, "1013",
                      absl::StrCat("Program '", req.path_args.at(0), "' not found"));
  }
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  auto status_name = doc.IsObject() ? doc.FindMember("statusName") : doc.MemberEnd();
  if (!doc.IsObject() || status_name == doc.MemberEnd() || !status_name->value.IsString() ||
      status_name->value.GetStringLength() == 0) {
    return ErrorReply(req.request_id, "701", "statusName cannot be blank");
  }
  const std::string status = status_name->value.GetString();
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxRecordsPerCall, &input)) return *error;
  SuccessEnvelope env(req.request_id);
  Alloc& a = env.alloc();
  int seq = 0;
  for (const rapidjson::Value& in : input->GetArray()) {
    auto it = in.IsObject() ? in.FindMember("leadId") : in.MemberEnd();
    const int64_t lead_id = in.IsObject() && it != in.MemberEnd() && it->value.IsInt64()
                                ? it->value.GetInt64()
                                : 0;
    rapidjson::Value record =
        lead_id <= 0 ? SkippedRecord(0, "1003", "leadId must be a positive integer", a)
        : store.UpsertProgramMember(program_id, lead_id, status)
            ? RecordStatus(lead_id, "updated", a)
            : SkippedRecord(lead_id, "1004", "Lead not found", a);
    env.result().PushBack(ProgramMemberRecord(std::move(record), lead_id, seq++, a), a);
  }
  return env.Finish();
}

// Parses the lead id path argument; an unknown lead simply has no memberships.
std::optional<Reply> LeadIdArg(const RestRequest& req, int64_t* id) {
  if (!ParseId(req.path_args.at(0), id)) {
    return ErrorReply(req.request_id, "1003", "Invalid lead id");
  }
  return std::nullopt;
}

template <typename Item, typename Render>
Reply PagedItems(const RestRequest& req, const std::vector<Item>& items, Render render) {
  Page page;
  if (auto error = ReadPage(req, items.size(), &page)) return *error;
  SuccessEnvelope env(req.request_id);
  for (size_t i = page.begin; i < page.end; ++i) {
    env.result().PushBack(render(items[i], env.alloc()), env.alloc());
  }
  env.SetPaging(page.next_page_token, page.more);
  return env.Finish();
}

rapidjson::Value DatedMember(const char* id_name, int id, const MemberDates& d, Alloc& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember(rapidjson::StringRef(id_name), id, a);
  v.AddMember("createdAt", JsonString(FormatIsoTime(d.created_at), a), a);
  v.AddMember("updatedAt", JsonString(FormatIsoTime(d.updated_at), a), a);
  return v;
}

Reply ListMembership(const LeadStore& store, const RestRequest& req) {
  int64_t lead_id = 0;
  if (auto error = LeadIdArg(req, &lead_id)) return *error;
  return PagedItems(req, store.ListsOfLead(lead_id),
                    [](const std::pair<int, MemberDates>& m, Alloc& a) {
                      return DatedMember("listId", m.first, m.second, a);
                    });
}

Reply SmartCampaignMembership(const LeadStore& store, const RestRequest& req) {
  int64_t lead_id = 0;
  if (auto error = LeadIdArg(req, &lead_id)) return *error;
  absl::Time earliest, latest;
  if (auto error = ReadUpdatedAtRange(req, &earliest, &latest)) return *error;
  std::vector<std::pair<int, MemberDates>> items;
  for (const auto& m : store.SmartCampaignsOfLead(lead_id)) {
    if (m.second.updated_at >= earliest && m.second.updated_at <= latest) items.push_back(m);
  }
  return PagedItems(req, items, [](const std::pair<int, MemberDates>& m, Alloc& a) {
    return DatedMember("smartCampaignId", m.first, m.second, a);
  });
}

// The membership object of a lead in `program_id`; engagement programs add the
// stream position (stream, nurtureCadence, isExhausted).
rapidjson::Value MembershipJson(int program_id, bool engagement, const ProgramMember& m,
                                Alloc& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("id", program_id, a);
  v.AddMember("progressionStatus", JsonString(m.progression_status, a), a);
  v.AddMember("progressionStatusType", JsonString(m.progression_status_type, a), a);
  v.AddMember("acquiredBy", m.acquired_by, a);
  v.AddMember("reachedSuccess", m.reached_success, a);
  v.AddMember("membershipDate", JsonString(FormatIsoTime(m.membership_date), a), a);
  v.AddMember("updatedAt", JsonString(FormatIsoTime(m.updated_at), a), a);
  if (engagement) {
    v.AddMember("isExhausted", m.is_exhausted, a);
    v.AddMember("stream", JsonString(m.stream, a), a);
    v.AddMember("nurtureCadence", JsonString(m.nurture_cadence, a), a);
  }
  return v;
}

Reply ProgramMembership(const LeadStore& store, const RestRequest& req) {
  int64_t lead_id = 0;
  if (auto error = LeadIdArg(req, &lead_id)) return *error;
  absl::Time earliest, latest;
  if (auto error = ReadUpdatedAtRange(req, &earliest, &latest)) return *error;
  std::vector<std::string> program_filter;
  if (req.HasParam("filterType")) {
    if (req.Param("filterType") != "programId") {
      return ErrorReply(req.request_id, "1003",
                        absl::StrCat("Invalid filterType '", req.Param("filterType"), "'"));
    }
    program_filter = SplitCsv(req.Param("filterValues"));
  }
  std::vector<ProgramMembershipView> items;
  for (const ProgramMembershipView& m : store.ProgramsOfLead(lead_id)) {
    if (m.member.updated_at < earliest || m.member.updated_at > latest) continue;
    if (!program_filter.empty() &&
        std::find(program_filter.begin(), program_filter.end(),
                  absl::StrCat(m.program_id)) == program_filter.end()) {
      continue;
    }
    items.push_back(m);
  }
  return PagedItems(req, items, [](const ProgramMembershipView& m, Alloc& a) {
    rapidjson::Value v = MembershipJson(m.program_id, m.engagement, m.member, a);
    if (!m.engagement) v.AddMember("isExhausted", false, a);  // required by the spec
    return v;
  });
}

Reply LeadsByProgram(const LeadStore& store, const RestRequest& req) {
  int program_id = 0;
  std::optional<std::vector<std::pair<Lead, ProgramMember>>> members;
  if (ParseIntArg(req.path_args.at(0), &program_id)) members = store.ProgramMembers(program_id);
  if (!members.has_value()) {
    return ErrorReply(req.request_id, "1013",
                      absl::StrCat("Program '", req.path_args.at(0), "' not found"));
  }
  std::vector<std::string> fields;
  if (auto error = ResolveFields(store, req, true, &fields)) return *error;
  const bool engagement = store.IsEngagementProgram(program_id);
  return PagedItems(req, *members, [&](const std::pair<Lead, ProgramMember>& m, Alloc& a) {
    rapidjson::Value v = LeadJson(m.first, fields, a);
    v.AddMember("membership", MembershipJson(program_id, engagement, m.second, a), a);
    return v;
  });
}

}  // namespace

void AddMembershipRoutes(Router& router, LeadStore& store) {
  LeadStore* s = &store;
  router.Add("GET", "/rest/v1/lists?/([0-9]+)/leads\\.json", "get_leads_by_list",
             [s](const RestRequest& r) { return LeadsByList(*s, r); });
  router.Add("POST", "/rest/v1/lists/([0-9]+)/leads\\.json", "add_leads_to_list",
             [s](const RestRequest& r) { return ListOperation(*s, ListOp::kAdd, r); });
  router.Add("DELETE", "/rest/v1/lists/([0-9]+)/leads\\.json", "remove_leads_from_list",
             [s](const RestRequest& r) { return ListOperation(*s, ListOp::kRemove, r); });
  router.Add("GET", "/rest/v1/lists/([0-9]+)/leads/ismember\\.json", "is_member_of_list",
             [s](const RestRequest& r) { return ListOperation(*s, ListOp::kIsMember, r); });
  router.Add("POST", "/rest/v1/programs/([0-9]+)/members/status\\.json",
             "sync_program_member_status",
             [s](const RestRequest& r) { return SyncProgramMemberStatus(*s, r); });
  router.Add("GET", "/rest/v1/leads/([0-9]+)/listMembership\\.json", "get_list_membership",
             [s](const RestRequest& r) { return ListMembership(*s, r); });
  router.Add("GET", "/rest/v1/leads/([0-9]+)/programMembership\\.json",
             "get_program_membership",
             [s](const RestRequest& r) { return ProgramMembership(*s, r); });
  router.Add("GET", "/rest/v1/leads/([0-9]+)/smartCampaignMembership\\.json",
             "get_smart_campaign_membership",
             [s](const RestRequest& r) { return SmartCampaignMembership(*s, r); });
  router.Add("GET", "/rest/v1/leads/programs/([0-9]+)\\.json", "get_leads_by_program",
             [s](const RestRequest& r) { return LeadsByProgram(*s, r); });
}

}  // namespace leadgw::emulators::marketo
