#include "jobs/job_write.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace leadgw::jobs {
namespace {

using backends::CallContext;
using backends::LeadBackend;

// A lookup walks at most this many pages of matches per query (a page holds up to 300
// leads): more matches than that for one chunk's keys means the data is not what the
// lookup assumes, and the records stay unknown.
constexpr int kMaxLookupPages = 20;

// The records of each request kind, read-only and mutable.
const auto& Records(const v1::UpsertLeadsRequest& r) { return r.leads(); }
const auto& Records(const v1::DeleteLeadsRequest& r) { return r.ids(); }
const auto& Records(const v1::PushLeadsRequest& r) { return r.records(); }
const auto& Records(const v1::UpdateLeadPartitionsRequest& r) { return r.assignments(); }
const auto& Records(const v1::CreateCompaniesRequest& r) { return r.companies(); }
const auto& Records(const v1::UpdateCompaniesRequest& r) { return r.companies(); }
const auto& Records(const v1::CreateBusinessCardsRequest& r) { return r.cards(); }
const auto& Records(const v1::UpdateBusinessCardsRequest& r) { return r.cards(); }
auto* MutableRecords(v1::UpsertLeadsRequest& r) { return r.mutable_leads(); }
auto* MutableRecords(v1::DeleteLeadsRequest& r) { return r.mutable_ids(); }
auto* MutableRecords(v1::PushLeadsRequest& r) { return r.mutable_records(); }
auto* MutableRecords(v1::UpdateLeadPartitionsRequest& r) { return r.mutable_assignments(); }
auto* MutableRecords(v1::CreateCompaniesRequest& r) { return r.mutable_companies(); }
auto* MutableRecords(v1::UpdateCompaniesRequest& r) { return r.mutable_companies(); }
auto* MutableRecords(v1::CreateBusinessCardsRequest& r) { return r.mutable_cards(); }
auto* MutableRecords(v1::UpdateBusinessCardsRequest& r) { return r.mutable_cards(); }

// The backend method of each request kind.
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::UpsertLeadsRequest& r) {
  return b.UpsertLeads(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::DeleteLeadsRequest& r) {
  return b.DeleteLeads(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::PushLeadsRequest& r) {
  return b.PushLeads(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::UpdateLeadPartitionsRequest& r) {
  return b.UpdateLeadPartitions(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::CreateCompaniesRequest& r) {
  return b.CreateCompanies(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::UpdateCompaniesRequest& r) {
  return b.UpdateCompanies(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::CreateBusinessCardsRequest& r) {
  return b.CreateBusinessCards(c, r);
}
absl::StatusOr<v1::WriteResponse> Call(LeadBackend& b, const CallContext& c,
                                       const v1::UpdateBusinessCardsRequest& r) {
  return b.UpdateBusinessCards(c, r);
}

// Calls visit(request) with the request inside `write`; `empty` for an empty write.
template <typename Result, typename Visit>
Result VisitWrite(const v1::JobWrite& write, Result empty, Visit visit) {
  switch (write.write_case()) {
    case v1::JobWrite::kUpsertLeads:
      return visit(write.upsert_leads());
    case v1::JobWrite::kDeleteLeads:
      return visit(write.delete_leads());
    case v1::JobWrite::kPushLeads:
      return visit(write.push_leads());
    case v1::JobWrite::kUpdateLeadPartitions:
      return visit(write.update_lead_partitions());
    case v1::JobWrite::kCreateCompanies:
      return visit(write.create_companies());
    case v1::JobWrite::kUpdateCompanies:
      return visit(write.update_companies());
    case v1::JobWrite::kCreateBusinessCards:
      return visit(write.create_business_cards());
    case v1::JobWrite::kUpdateBusinessCards:
      return visit(write.update_business_cards());
    case v1::JobWrite::WRITE_NOT_SET:
      break;
  }
  return empty;
}

template <typename Request>
Request Subset(const Request& request, const std::vector<int>& indexes) {
  Request subset = request;
  auto* records = MutableRecords(subset);
  records->Clear();
  records->Reserve(static_cast<int>(indexes.size()));
  for (int index : indexes) *records->Add() = Records(request)[index];
  return subset;
}

std::string EmailKey(absl::string_view email) { return absl::AsciiStrToLower(email); }

// The leads matching any of `emails` (lower case), walking the query's pages.
absl::StatusOr<absl::flat_hash_set<std::string>> LeadEmailsFound(
    LeadBackend& backend, const CallContext& context, const std::string& connection,
    const std::vector<std::string>& emails) {
  absl::flat_hash_set<std::string> found;
  auto query_pages = [&](const std::vector<std::string>& values) -> absl::Status {
    v1::QueryLeadsRequest query;
    query.set_connection(connection);
    query.set_filter_field("email");
    for (const std::string& value : values) query.add_filter_values(value);
    query.add_fields("email");
    for (int page = 0; page < kMaxLookupPages; ++page) {
      LEADGW_ASSIGN_OR_RETURN(v1::QueryLeadsResponse answer, backend.QueryLeads(context, query));
      for (const v1::Lead& lead : answer.leads()) found.insert(EmailKey(lead.email()));
      if (answer.next_page_token().empty()) return absl::OkStatus();
      query.set_page_token(answer.next_page_token());
    }
    return absl::FailedPreconditionError("lookup matched more pages than a slice can have");
  };
  absl::Status batched = query_pages(emails);
  // A backend that matches one value at a time refuses a list of them.
  if (batched.code() == absl::StatusCode::kInvalidArgument && emails.size() > 1) {
    for (const std::string& email : emails) LEADGW_RETURN_IF_ERROR(query_pages({email}));
    return found;
  }
  LEADGW_RETURN_IF_ERROR(batched);
  return found;
}

// Leads of a createOnly/createDuplicate upsert or a push, by email.
template <typename Request, typename LeadOf>
absl::StatusOr<std::vector<Presence>> LookUpLeads(LeadBackend& backend, const CallContext& context,
                                                  const Request& request,
                                                  absl::string_view lookup_field,
                                                  const std::vector<int>& indexes,
                                                  LeadOf lead_of) {
  std::vector<Presence> presence(indexes.size(), Presence::kUnknown);
  if (!lookup_field.empty() && lookup_field != "email") return presence;
  std::vector<std::string> emails;
  absl::flat_hash_set<std::string> distinct;
  for (int index : indexes) {
    const v1::Lead& lead = lead_of(Records(request)[index]);
    if (lead.has_email() && !lead.email().empty() && distinct.insert(EmailKey(lead.email())).second) {
      emails.push_back(lead.email());
    }
  }
  if (emails.empty()) return presence;
  LEADGW_ASSIGN_OR_RETURN(absl::flat_hash_set<std::string> found,
                          LeadEmailsFound(backend, context, request.connection(), emails));
  for (size_t i = 0; i < indexes.size(); ++i) {
    const v1::Lead& lead = lead_of(Records(request)[indexes[i]]);
    if (!lead.has_email() || lead.email().empty()) continue;
    presence[i] =
        found.contains(EmailKey(lead.email())) ? Presence::kPresent : Presence::kAbsent;
  }
  return presence;
}

// One search per record: card and company filters match one value, partially.
template <typename Search, typename Matches>
absl::StatusOr<Presence> FindOne(Search search, Matches matches) {
  LEADGW_ASSIGN_OR_RETURN(auto answer, search());
  return matches(answer) ? Presence::kPresent : Presence::kAbsent;
}

absl::StatusOr<std::vector<Presence>> LookUpCards(LeadBackend& backend, const CallContext& context,
                                                  const v1::CreateBusinessCardsRequest& request,
                                                  const std::vector<int>& indexes) {
  std::vector<Presence> presence(indexes.size(), Presence::kUnknown);
  for (size_t i = 0; i < indexes.size(); ++i) {
    const v1::BusinessCard& card = request.cards(indexes[i]);
    if (!card.has_email() || card.email().empty()) continue;
    v1::SearchBusinessCardsRequest search;
    search.set_connection(request.connection());
    search.mutable_filter()->set_email(card.email());
    search.set_page_size(100);
    LEADGW_ASSIGN_OR_RETURN(
        presence[i],
        FindOne([&] { return backend.SearchBusinessCards(context, search); },
                [&](const v1::SearchBusinessCardsResponse& answer) {
                  for (const v1::BusinessCard& found : answer.cards()) {
                    if (EmailKey(found.email()) == EmailKey(card.email())) return true;
                  }
                  return false;
                }));
  }
  return presence;
}

absl::StatusOr<std::vector<Presence>> LookUpCompanies(LeadBackend& backend,
                                                      const CallContext& context,
                                                      const v1::CreateCompaniesRequest& request,
                                                      const std::vector<int>& indexes) {
  std::vector<Presence> presence(indexes.size(), Presence::kUnknown);
  for (size_t i = 0; i < indexes.size(); ++i) {
    const v1::Company& company = request.companies(indexes[i]);
    if (!company.has_name() || company.name().empty()) continue;
    v1::SearchCompaniesRequest search;
    search.set_connection(request.connection());
    search.mutable_filter()->set_name(company.name());
    search.set_page_size(100);
    LEADGW_ASSIGN_OR_RETURN(
        presence[i],
        FindOne([&] { return backend.SearchCompanies(context, search); },
                [&](const v1::SearchCompaniesResponse& answer) {
                  for (const v1::Company& found : answer.companies()) {
                    if (found.name() == company.name()) return true;
                  }
                  return false;
                }));
  }
  return presence;
}

}  // namespace

v1::JobKind KindOf(const v1::JobWrite& write) {
  switch (write.write_case()) {
    case v1::JobWrite::kUpsertLeads:
      return v1::JOB_KIND_UPSERT_LEADS;
    case v1::JobWrite::kDeleteLeads:
      return v1::JOB_KIND_DELETE_LEADS;
    case v1::JobWrite::kPushLeads:
      return v1::JOB_KIND_PUSH_LEADS;
    case v1::JobWrite::kUpdateLeadPartitions:
      return v1::JOB_KIND_UPDATE_LEAD_PARTITIONS;
    case v1::JobWrite::kCreateCompanies:
      return v1::JOB_KIND_CREATE_COMPANIES;
    case v1::JobWrite::kUpdateCompanies:
      return v1::JOB_KIND_UPDATE_COMPANIES;
    case v1::JobWrite::kCreateBusinessCards:
      return v1::JOB_KIND_CREATE_BUSINESS_CARDS;
    case v1::JobWrite::kUpdateBusinessCards:
      return v1::JOB_KIND_UPDATE_BUSINESS_CARDS;
    case v1::JobWrite::WRITE_NOT_SET:
      break;
  }
  return v1::JOB_KIND_UNSPECIFIED;
}

backends::Operation OperationOf(v1::JobKind kind) {
  switch (kind) {
    case v1::JOB_KIND_DELETE_LEADS:
      return backends::Operation::kDeleteLeads;
    case v1::JOB_KIND_PUSH_LEADS:
      return backends::Operation::kPushLeads;
    case v1::JOB_KIND_UPDATE_LEAD_PARTITIONS:
      return backends::Operation::kUpdateLeadPartitions;
    case v1::JOB_KIND_CREATE_COMPANIES:
      return backends::Operation::kCreateCompanies;
    case v1::JOB_KIND_UPDATE_COMPANIES:
      return backends::Operation::kUpdateCompanies;
    case v1::JOB_KIND_CREATE_BUSINESS_CARDS:
      return backends::Operation::kCreateBusinessCards;
    case v1::JOB_KIND_UPDATE_BUSINESS_CARDS:
      return backends::Operation::kUpdateBusinessCards;
    default:
      return backends::Operation::kUpsertLeads;
  }
}

absl::string_view KindName(v1::JobKind kind) {
  if (kind == v1::JOB_KIND_UNSPECIFIED) return "unspecified";
  return backends::Info(OperationOf(kind)).name;
}

const std::string& ConnectionOf(const v1::JobWrite& write) {
  static const std::string* const kNone = new std::string();
  return *VisitWrite<const std::string*>(
      write, kNone, [](const auto& request) { return &request.connection(); });
}

int RecordCountOf(const v1::JobWrite& write) {
  return VisitWrite<int>(write, 0, [](const auto& request) { return Records(request).size(); });
}

absl::StatusOr<v1::WriteResponse> SendRecords(LeadBackend& backend, const CallContext& context,
                                              const v1::JobWrite& write,
                                              const std::vector<int>& indexes) {
  absl::StatusOr<v1::WriteResponse> answer = VisitWrite<absl::StatusOr<v1::WriteResponse>>(
      write, absl::InvalidArgumentError("write: required"), [&](const auto& request) {
        return Call(backend, context, Subset(request, indexes));
      });
  if (!answer.ok()) return answer;
  if (answer->results_size() != static_cast<int>(indexes.size())) {
    return absl::InternalError(absl::StrCat(backend.backend_name(), " answered ",
                                            answer->results_size(), " results for ",
                                            indexes.size(), " records"));
  }
  for (int i = 0; i < answer->results_size(); ++i) {
    answer->mutable_results(i)->set_index(indexes[i]);
  }
  return answer;
}

bool ReplayIsSafe(const v1::JobWrite& write) {
  switch (write.write_case()) {
    case v1::JobWrite::kUpsertLeads: {
      const v1::UpsertAction action = write.upsert_leads().action();
      return action != v1::UPSERT_ACTION_CREATE_ONLY &&
             action != v1::UPSERT_ACTION_CREATE_DUPLICATE;
    }
    case v1::JobWrite::kPushLeads:
    case v1::JobWrite::kCreateCompanies:
    case v1::JobWrite::kCreateBusinessCards:
      return false;
    default:
      return true;
  }
}

absl::StatusOr<std::vector<Presence>> LookUp(LeadBackend& backend, const CallContext& context,
                                             const v1::JobWrite& write,
                                             const std::vector<int>& indexes) {
  switch (write.write_case()) {
    case v1::JobWrite::kUpsertLeads:
      return LookUpLeads(backend, context, write.upsert_leads(),
                         write.upsert_leads().lookup_field(), indexes,
                         [](const v1::Lead& lead) -> const v1::Lead& { return lead; });
    case v1::JobWrite::kPushLeads:
      return LookUpLeads(
          backend, context, write.push_leads(), write.push_leads().lookup_field(), indexes,
          [](const v1::PushLeadRecord& record) -> const v1::Lead& { return record.lead(); });
    case v1::JobWrite::kCreateBusinessCards:
      return LookUpCards(backend, context, write.create_business_cards(), indexes);
    case v1::JobWrite::kCreateCompanies:
      return LookUpCompanies(backend, context, write.create_companies(), indexes);
    default:
      return std::vector<Presence>(indexes.size(), Presence::kAbsent);
  }
}

}  // namespace leadgw::jobs
