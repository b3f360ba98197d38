// MarketoBackend: construction, lead reads (describe, get, query) and partitions.
// Writes (partition moves included) are in marketo_backend_writes.cc, memberships and the field
// schema in marketo_backend_catalog.cc.
#include "backends/marketo/marketo_backend.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "backends/common/invalid_field.h"
#include "backends/marketo/errors.h"
#include "backends/marketo/paging.h"
#include "backends/marketo/requests.h"
#include "backends/marketo/responses.h"
#include "common/status_macros.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

// Upstream calls one QueryLeads page may make: chunks without matches and pages Marketo
// leaves short are skipped over, but a misbehaving upstream cannot keep us looping.
constexpr int kMaxCallsPerPage = 50;

TokenProviderOptions TokenOptions(const MarketoBackendOptions& options) {
  TokenProviderOptions out;
  out.refresh_margin = options.token_refresh_margin;
  out.now = options.now;
  out.on_refresh = options.on_token_refresh;
  out.guard = options.guard;
  return out;
}

template <typename Request>
std::vector<std::string> FieldsOf(const Request& request) {
  return {request.fields().begin(), request.fields().end()};
}

// 702 "No data found for given search scenario" is an empty answer, not an error.
bool IsNoData(const absl::Status& status) { return upstream::UpstreamCode(status) == "702"; }

// An endpoint the instance does not serve: HTTP 404, or Marketo's 610 "Requested resource
// not found".
bool LacksEndpoint(const absl::Status& status) {
  const std::optional<std::string> code = upstream::UpstreamCode(status);
  return code == "404" || code == "610";
}

// The lead fields from describe2, the documented successor of describe.json and the only
// one that says which fields are searchable (searchableFields). An instance, or a proxy in
// front of it, that does not serve describe2 gets describe.json instead, where only the
// standard filterTypes count as searchable. Any other error of describe2 is the answer:
// retrying on describe.json would spend quota on a failure describe2 already reported.
absl::StatusOr<std::vector<v1::LeadField>> FetchDescribe(MarketoRestStub& stub,
                                                         const CallContext& ctx) {
  absl::StatusOr<Envelope> envelope = stub.Call(DescribeLeads2Call(), ctx);
  if (envelope.ok()) return ParseDescribe2(*envelope);
  if (!LacksEndpoint(envelope.status())) return envelope.status();
  LEADGW_ASSIGN_OR_RETURN(Envelope fallback, stub.Call(DescribeLeadsCall(), ctx));
  return ParseDescribe(fallback);
}

}  // namespace

MarketoBackend::MarketoBackend(const ConnectionSettings& settings,
                               std::shared_ptr<upstream::http::HttpClient> http,
                               MarketoBackendOptions options)
    : PartialLeadBackend(std::string(kBackendName), {Operation::kDescribeLeads,
                                                     Operation::kGetLead,
                                                     Operation::kQueryLeads,
                                                     Operation::kUpsertLeads,
                                                     Operation::kDeleteLeads,
                                                     Operation::kMergeLeads,
                                                     Operation::kPushLeads,
                                                     Operation::kSubmitForm,
                                                     Operation::kAssociateWebActivity,
                                                     Operation::kListLeadPartitions,
                                                     Operation::kUpdateLeadPartitions,
                                                     Operation::kGetLeadField,
                                                     Operation::kListLeadFields,
                                                     Operation::kCreateLeadFields,
                                                     Operation::kUpdateLeadField,
                                                     Operation::kListStaticListMembers,
                                                     Operation::kListLeadStaticLists,
                                                     Operation::kListProgramMembers,
                                                     Operation::kListLeadPrograms,
                                                     Operation::kListLeadSmartCampaigns,
                                                     Operation::kAddStaticListMembers,
                                                     Operation::kRemoveStaticListMembers,
                                                     Operation::kCheckStaticListMembership,
                                                     Operation::kSetProgramMemberStatus}),
      connection_(settings.name),
      options_(std::move(options)),
      tokens_(std::make_shared<TokenProvider>(settings, http, TokenOptions(options_))),
      stub_(settings, http, tokens_, options_.guard, options_.now),
      upsert_keys_(options_.key_locks, options_.key_hold_margin),
      coalescer_([&] {
        common::CallCoalescerOptions coalescing;
        coalescing.max_items = kMaxPerCall;
        coalescing.max_wait = settings.coalesce_max_wait;
        if (options_.guard != nullptr) {
          coalescing.spacing = [guard = options_.guard] { return guard->CallSpacing(); };
        }
        coalescing.hooks = options_.coalescing_hooks;
        return coalescing;
      }()) {}

absl::StatusOr<v1::DescribeLeadsResponse> MarketoBackend::DescribeLeads(
    const CallContext& ctx, const v1::DescribeLeadsRequest&) {
  auto cached = [&]() -> std::optional<v1::DescribeLeadsResponse> {
    std::lock_guard<std::mutex> lock(describe_mu_);
    if (describe_.has_value() && options_.now() < describe_expires_) return *describe_;
    return std::nullopt;
  };
  if (auto hit = cached()) return *std::move(hit);
  // One fetch at a time: callers that missed together wait for the first fetch instead of
  // each spending a call of the quota on the same answer.
  std::lock_guard<std::mutex> fetching(describe_fetch_mu_);
  if (auto hit = cached()) return *std::move(hit);
  LEADGW_ASSIGN_OR_RETURN(std::vector<v1::LeadField> fields, FetchDescribe(stub_, ctx));
  v1::DescribeLeadsResponse response;
  for (v1::LeadField& field : fields) *response.add_fields() = std::move(field);
  std::lock_guard<std::mutex> lock(describe_mu_);
  describe_ = response;
  describe_expires_ = options_.now() + options_.describe_ttl;
  return response;
}

absl::StatusOr<v1::Lead> MarketoBackend::GetLead(const CallContext& ctx,
                                                 const v1::GetLeadRequest& request) {
  std::vector<v1::Lead> leads;
  if (SharesLookups("id", {request.id()})) {
    LEADGW_ASSIGN_OR_RETURN(leads, SharedLookup(ctx, {"id", {request.id()}, FieldsOf(request)},
                                                "GetLead"));
  } else {
    LEADGW_ASSIGN_OR_RETURN(Envelope envelope,
                            stub_.Call(GetLeadCall(request.id(), request.fields()), ctx));
    LEADGW_ASSIGN_OR_RETURN(leads, ParseLeads(envelope, "get_lead"));
  }
  if (leads.empty()) {
    return absl::NotFoundError(absl::StrCat("marketo: no lead with id ", request.id()));
  }
  return std::move(leads.front());
}

absl::StatusOr<v1::QueryLeadsResponse> MarketoBackend::QueryLeads(
    const CallContext& ctx, const v1::QueryLeadsRequest& request) {
  const int count = request.filter_values_size();
  for (int i = 0; i < count; ++i) {
    if (absl::StrContains(request.filter_values(i), ',')) {
      return common::InvalidField(common::IndexPath("filter_values", i),
                                  "must not contain \",\" (Marketo separates values with commas)");
    }
  }
  const int chunks = std::max(1, (count + kMaxPerCall - 1) / kMaxPerCall);
  LEADGW_ASSIGN_OR_RETURN(FilterCursor cursor, DecodeFilterCursor(request.page_token(), chunks));
  const int page_size = request.page_size() > 0 ? request.page_size() : kMaxPerCall;
  const std::vector<std::string> all_values(request.filter_values().begin(),
                                            request.filter_values().end());
  const absl::Span<const std::string> values(all_values);

  v1::QueryLeadsResponse response;
  // A first page shared with other callers, when it holds every match (a caller with more
  // matches than its page reads its own pages, whose cursors only its own query has).
  if (request.page_token().empty() && SharesLookups(request.filter_field(), values)) {
    LEADGW_ASSIGN_OR_RETURN(
        std::vector<v1::Lead> leads,
        SharedLookup(ctx, {request.filter_field(), all_values, FieldsOf(request)}, "QueryLeads"));
    if (static_cast<int>(leads.size()) <= page_size) {
      for (v1::Lead& lead : leads) *response.add_leads() = std::move(lead);
      return response;
    }
  }
  for (int calls = 0; calls < kMaxCallsPerPage; ++calls) {
    const int begin = cursor.chunk * kMaxPerCall;
    const int remaining = page_size - response.leads_size();
    const MarketoCall call = LeadsByFilterCall(
        request.filter_field(), values.subspan(begin, std::min(kMaxPerCall, count - begin)),
        request.fields(), std::min(kMaxPerCall, remaining), cursor.token);
    absl::StatusOr<Envelope> envelope = stub_.Call(call, ctx);
    if (!envelope.ok() && !IsNoData(envelope.status())) return envelope.status();
    if (envelope.ok()) {
      LEADGW_ASSIGN_OR_RETURN(std::vector<v1::Lead> leads,
                              ParseLeads(*envelope, "get_leads_by_filter"));
      for (v1::Lead& lead : leads) *response.add_leads() = std::move(lead);
    }
    if (envelope.ok() && envelope->HasMorePages()) {
      if (envelope->next_page_token == cursor.token) {
        return absl::InternalError("marketo get_leads_by_filter: the same page token twice");
      }
      cursor.token = envelope->next_page_token;
    } else {
      ++cursor.chunk;
      cursor.token.clear();
      if (cursor.chunk == chunks) return response;  // every chunk read: the last page
    }
    if (response.leads_size() >= page_size) break;
  }
  response.set_next_page_token(EncodeFilterCursor(cursor));
  return response;
}

absl::StatusOr<v1::ListLeadPartitionsResponse> MarketoBackend::ListLeadPartitions(
    const CallContext& ctx, const v1::ListLeadPartitionsRequest&) {
  LEADGW_ASSIGN_OR_RETURN(Envelope envelope, stub_.Call(ListPartitionsCall(), ctx));
  LEADGW_ASSIGN_OR_RETURN(std::vector<v1::LeadPartition> partitions, ParsePartitions(envelope));
  v1::ListLeadPartitionsResponse response;
  for (v1::LeadPartition& partition : partitions) {
    *response.add_partitions() = std::move(partition);
  }
  return response;
}

}  // namespace leadgw::backends::marketo
