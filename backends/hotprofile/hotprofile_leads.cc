// HotProfileBackend's lead operations: GetLead, QueryLeads and the UpsertLeads flows.
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/invalid_field.h"
#include "backends/common/keyed_serializer.h"
#include "backends/common/text.h"
#include "backends/common/write_batch.h"
#include "backends/hotprofile/hotprofile_backend.h"
#include "backends/hotprofile/record_reader.h"
#include "backends/hotprofile/responses.h"
#include "common/status_macros.h"

namespace leadgw::backends::hotprofile {

// What UpsertLeads does with each lead, decided (and checked) once per request.
struct HotProfileBackend::UpsertPlan {
  v1::UpsertAction action = v1::UPSERT_ACTION_CREATE_OR_UPDATE;
  bool by_id = false;                 // UPDATE_ONLY with lookup_field "id"
  std::optional<LookupField> lookup;  // CREATE_OR_UPDATE / UPDATE_ONLY by a field
};

namespace {

using common::IndexPath;
using common::JoinPath;

// A look-up scans at most this many pages of 100 partial matches.
constexpr int kMaxLookupPages = 10;
// Ids named in an ambiguous look-up's reason.
constexpr size_t kMaxIdsInReason = 10;

v1::RecordResult Outcome(v1::RecordStatus status, absl::string_view code,
                         absl::string_view message) {
  v1::RecordResult result;
  result.set_status(status);
  v1::UpstreamReason* reason = result.add_reasons();
  reason->set_code(std::string(code));
  reason->set_message(std::string(message));
  return result;
}

// A copy of `lead` carrying `id`, to build an update call (HotProfile updates by id).
v1::Lead WithId(const v1::Lead& lead, absl::string_view id) {
  v1::Lead copy = lead;
  copy.set_id(std::string(id));
  return copy;
}

// The path of the lookup field inside a lead, for errors.
std::string LookupPath(const LookupField& lookup, absl::string_view lead_path) {
  return lookup.field->custom()
             ? JoinPath(lead_path, common::KeyPath("custom_fields", lookup.field->name))
             : JoinPath(lead_path, lookup.field->neutral);
}

// The value a lead is looked up by: the text its lookup field would be written as ("" when
// unset). `lead` has passed PlanUpsert's update-mode check, so this cannot fail otherwise.
absl::StatusOr<std::string> LookupValue(const LookupField& lookup, const v1::Lead& lead,
                                        absl::string_view path) {
  LEADGW_ASSIGN_OR_RETURN(Params params, BuildWriteParams(ObjectKind::kLead, WriteMode::kUpdate,
                                                          WithId(lead, "1"), path));
  for (const auto& [name, value] : params) {
    if (name == lookup.field->name) return value;
  }
  return std::string();
}

bool SameValue(const LookupField& lookup, absl::string_view a, absl::string_view b) {
  const absl::string_view name = lookup.field->name;
  // Mail addresses compare without ASCII case, as HotProfile's own search does.
  if (name == "email" || name == "mobile_email") return absl::EqualsIgnoreCase(a, b);
  return a == b;
}

// Ids compare numerically, as the service does ("007" names lead 7).
bool SameId(absl::string_view a, absl::string_view b) {
  uint64_t x = 0;
  uint64_t y = 0;
  return absl::SimpleAtoi(a, &x) && absl::SimpleAtoi(b, &y) && x == y;
}

struct Matches {
  std::vector<std::string> ids;
  bool complete = true;  // false: more partial matches than kMaxLookupPages could scan
};

// The leads whose lookup field equals `value` exactly, from HotProfile's partial search.
absl::StatusOr<Matches> FindExactMatches(const HotProfileRestStub& stub, const CallContext& ctx,
                                         const LookupField& lookup, const std::string& value) {
  Matches matches;
  for (int64_t page_number = 1; page_number <= kMaxLookupPages; ++page_number) {
    const HotProfileCall call = BuildLeadLookup(lookup, value, page_number);
    LEADGW_ASSIGN_OR_RETURN(std::string body, stub.Call(call, ctx));
    LEADGW_ASSIGN_OR_RETURN(LookupPage page,
                            ParseLookupAnswer(body, lookup.field->name, call.endpoint));
    for (const LookupCandidate& candidate : page.candidates) {
      if (SameValue(lookup, candidate.value, value)) matches.ids.push_back(candidate.id);
    }
    if (NextCursor(page.page).empty()) return matches;
  }
  matches.complete = false;
  return matches;
}

}  // namespace

absl::StatusOr<std::vector<v1::Lead>> HotProfileBackend::LeadsById(
    const CallContext& ctx, const std::vector<std::string>& ids) {
  v1::QueryLeadsResponse page;
  std::string cursor;
  LEADGW_RETURN_IF_ERROR(SearchPage(
      ctx, ObjectKind::kLead, BuildLeadGet(ids), [&] { return page.add_leads(); }, &cursor,
      nullptr));
  return std::vector<v1::Lead>(std::make_move_iterator(page.mutable_leads()->begin()),
                               std::make_move_iterator(page.mutable_leads()->end()));
}

absl::StatusOr<v1::Lead> HotProfileBackend::GetLead(const CallContext& ctx,
                                                    const v1::GetLeadRequest& request) {
  using Leads = std::vector<v1::Lead>;
  const bool decimal = common::IsDigits(request.id());
  const std::vector<std::string> ids = {request.id()};
  // Concurrent GetLeads share one search[ids] call (OR semantics) of up to 100 ids.
  absl::StatusOr<Leads> leads =
      decimal && lookups_.Coalesces(1)
          ? common::Coalesced<std::vector<std::string>, Leads, Leads>(
                lookups_, "lead_ids", "GetLead", ctx, ids, 1, {},
                [](const std::vector<const std::vector<std::string>*>& requests) {
                  std::vector<std::string> ids;
                  for (const auto* one : requests) ids.push_back(one->front());
                  return ids;
                },
                [this](const CallContext& shared, const std::vector<std::string>& ids) {
                  return LeadsById(shared, ids);
                },
                [&request](Leads& all, int, bool sole) -> absl::StatusOr<Leads> {
                  Leads mine;
                  for (v1::Lead& lead : all) {
                    if (SameId(lead.id(), request.id())) common::TakeOrCopy(lead, sole, mine);
                  }
                  return mine;
                })
          : LeadsById(ctx, ids);
  if (!leads.ok()) return leads.status();
  for (v1::Lead& lead : *leads) {
    if (!SameId(lead.id(), request.id())) continue;
    const std::vector<std::string> fields(request.fields().begin(), request.fields().end());
    KeepSelectedFields(fields, &lead);
    return std::move(lead);
  }
  return absl::NotFoundError(absl::StrCat("hotprofile has no lead with id ", request.id()));
}

absl::StatusOr<v1::QueryLeadsResponse> HotProfileBackend::QueryLeads(
    const CallContext& ctx, const v1::QueryLeadsRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(HotProfileCall call, BuildLeadQuery(request));
  v1::QueryLeadsResponse response;
  LEADGW_RETURN_IF_ERROR(SearchPage(
      ctx, ObjectKind::kLead, call, [&] { return response.add_leads(); },
      response.mutable_next_page_token(), nullptr));
  const std::vector<std::string> fields(request.fields().begin(), request.fields().end());
  for (v1::Lead& lead : *response.mutable_leads()) {
    KeepSelectedFields(fields, &lead);
  }
  return response;
}

absl::StatusOr<HotProfileBackend::UpsertPlan> HotProfileBackend::PlanUpsert(
    const v1::UpsertLeadsRequest& request) const {
  if (!request.partition_name().empty()) {
    return common::InvalidField("partition_name", "not supported on HotProfile");
  }
  if (request.async_processing()) {
    return common::InvalidField("async_processing", "not supported on HotProfile");
  }
  UpsertPlan plan;
  if (request.action() != v1::UPSERT_ACTION_UNSPECIFIED) plan.action = request.action();
  const bool creates_only = plan.action == v1::UPSERT_ACTION_CREATE_ONLY ||
                            plan.action == v1::UPSERT_ACTION_CREATE_DUPLICATE;
  plan.by_id = !creates_only && request.lookup_field() == "id";
  if (!creates_only && !plan.by_id) {
    LEADGW_ASSIGN_OR_RETURN(plan.lookup, ResolveLookupField(request.lookup_field()));
  }
  // Check every lead before anything is sent.
  for (int i = 0; i < request.leads_size(); ++i) {
    const v1::Lead& lead = request.leads(i);
    const std::string path = IndexPath("leads", i);
    if (creates_only || plan.by_id) {
      LEADGW_RETURN_IF_ERROR(
          BuildWriteParams(ObjectKind::kLead,
                           creates_only ? WriteMode::kCreate : WriteMode::kUpdate, lead, path)
              .status());
      continue;
    }
    if (!lead.id().empty()) {
      return common::InvalidField(JoinPath(path, "id"),
                                  "HotProfile assigns ids; set it only with lookup_field \"id\"");
    }
    // Either write may follow the look-up: check the rules every update must meet (the
    // create-only ones, such as family_name, are checked when a create is chosen).
    LEADGW_ASSIGN_OR_RETURN(std::string value, LookupValue(*plan.lookup, lead, path));
    if (value.empty()) {
      return common::InvalidField(
          LookupPath(*plan.lookup, path),
          absl::StrCat("required as the lookup field (HotProfile ", plan.lookup->field->name, ")"));
    }
  }
  return plan;
}

absl::StatusOr<v1::RecordResult> HotProfileBackend::UpsertOne(const CallContext& ctx,
                                                              const UpsertPlan& plan,
                                                              const v1::Lead& lead, int index) {
  const std::string path = IndexPath("leads", index);
  if (!plan.lookup.has_value()) {
    const WriteMode mode = plan.by_id ? WriteMode::kUpdate : WriteMode::kCreate;
    LEADGW_ASSIGN_OR_RETURN(HotProfileCall call,
                            BuildWriteCall(ObjectKind::kLead, mode, lead, path));
    absl::StatusOr<v1::RecordResult> result = Write(ctx, call, mode);
    // updateOnly of an id HotProfile does not know: SKIPPED, like Marketo's 1004.
    if (plan.by_id && result.status().code() == absl::StatusCode::kNotFound) {
      const v1::UpstreamReason reason = common::ReasonFor(result.status());
      return Outcome(v1::RECORD_STATUS_SKIPPED, reason.code(), reason.message());
    }
    return result;
  }
  const LookupField& lookup = *plan.lookup;
  LEADGW_ASSIGN_OR_RETURN(std::string value, LookupValue(lookup, lead, path));
  // Look-up and write under one lease: a concurrent upsert of the same person waits, so
  // the two cannot both miss and both create.
  LEADGW_ASSIGN_OR_RETURN(
      common::KeyedSerializer::Lease lease,
      upserts_.Acquire(common::MakeSerializationKey({stub_.settings().name, lookup.field->name,
                                                     common::NormalizeLookupValue(value)}),
                       ctx.deadline));
  LEADGW_ASSIGN_OR_RETURN(Matches matches, FindExactMatches(stub_, ctx, lookup, value));
  if (!matches.complete) {
    return Outcome(
        v1::RECORD_STATUS_FAILED, "gateway.lookup_too_broad",
        absl::StrCat("more than ", kMaxLookupPages * 100, " HotProfile leads partially match this ",
                     lookup.field->name, "; use lookup_field \"id\""));
  }
  if (matches.ids.size() > 1) {
    if (matches.ids.size() > kMaxIdsInReason) matches.ids.resize(kMaxIdsInReason);
    return Outcome(v1::RECORD_STATUS_FAILED, "gateway.ambiguous_lookup",
                   absl::StrCat("several HotProfile leads have this ", lookup.field->name, ": ",
                                absl::StrJoin(matches.ids, ", ")));
  }
  if (matches.ids.size() == 1) {
    LEADGW_ASSIGN_OR_RETURN(
        HotProfileCall call,
        BuildWriteCall(ObjectKind::kLead, WriteMode::kUpdate, WithId(lead, matches.ids[0]), path));
    return Write(ctx, call, WriteMode::kUpdate);
  }
  if (plan.action == v1::UPSERT_ACTION_UPDATE_ONLY) {
    return Outcome(v1::RECORD_STATUS_SKIPPED, "gateway.no_match",
                   absl::StrCat("no HotProfile lead has this ", lookup.field->name));
  }
  absl::StatusOr<HotProfileCall> create =
      BuildWriteCall(ObjectKind::kLead, WriteMode::kCreate, lead, path);
  if (!create.ok()) {
    // A create-only rule (e.g. family_name) the lead did not need for an update.
    return Outcome(v1::RECORD_STATUS_FAILED, "gateway.invalid_field", create.status().message());
  }
  return Write(ctx, *create, WriteMode::kCreate);
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::UpsertLeads(
    const CallContext& ctx, const v1::UpsertLeadsRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(UpsertPlan plan, PlanUpsert(request));
  return common::RunSequentialWrites(
      request.leads_size(), [&](int i) { return UpsertOne(ctx, plan, request.leads(i), i); });
}

}  // namespace leadgw::backends::hotprofile
