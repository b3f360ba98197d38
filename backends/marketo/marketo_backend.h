// MarketoBackend: every Lead, Field, Membership and Partition operation of the neutral
// API on a Marketo Engage instance (companies and business cards answer UNIMPLEMENTED).
//
// What it adds over one REST call per RPC (MarketoRestStub does auth, timeouts, errors):
// - describe answers (describe2, or describe.json where describe2 is missing) cached for
//   `describe_ttl` (Adobe advises caching describe; repeated DescribeLeads make no
//   upstream call);
// - writes split into calls of at most 300 records (and, for upserts and pushes, 1 MB of
//   body; a lead too large alone is FAILED, not sent), results reassembled in input order
//   (RunChunkedWrites); filter queries over 300 values split into chunks read in order,
//   with a cursor (chunk, Marketo nextPageToken) so paging works across the split;
// - the duplicate guard: createOrUpdate upserts and pushes hold a KeyedSerializer lease
//   on (connection, lookup field, normalised value) for every record of a call, taken in
//   sorted order (no deadlock between calls sharing keys), so overlapping upserts of one
//   new email run one after the other instead of creating two leads, as the seed advises.
//
// Thread-safe: one instance serves every RPC of its connection.
#ifndef LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_H_
#define LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "backends/common/keyed_serializer.h"
#include "backends/common/call_coalescer.h"
#include "backends/connection_settings.h"
#include "upstream/http/http_client.h"
#include "backends/marketo/requests.h"
#include "backends/marketo/rest_stub.h"
#include "backends/marketo/token_provider.h"
#include "backends/partial_backend.h"

namespace leadgw::backends::marketo {

// The `operation` of every coalesced call (CoalescedBatch, metrics labels).
inline const std::vector<std::string> kCoalescedOperations = {
    "UpsertLeads", "PushLeads", "DeleteLeads", "GetLead", "QueryLeads"};

struct MarketoBackendOptions {
  // How long a describe answer is served from memory.
  absl::Duration describe_ttl = absl::Hours(1);
  // Clock for the describe cache, token lifetimes and quota hints (tests inject one).
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Refresh margin of access tokens (TokenProviderOptions::refresh_margin).
  absl::Duration token_refresh_margin = absl::ZeroDuration();
  // Told the outcome of every identity call (metrics); may be empty.
  std::function<void(bool ok)> on_token_refresh;
  // The connection's guard, for REST and identity calls alike (null:
  // upstream::DirectCalls, one attempt, for tests).
  std::shared_ptr<upstream::CallGuard> guard;
  // Fleet mode: the duplicate guard holds its keys across the replicas too (null: this
  // process only), each until the holder's deadline plus `key_hold_margin`.
  std::shared_ptr<upstream::coord::KeyLocks> key_locks;
  absl::Duration key_hold_margin = absl::Minutes(3);
  // Told of coalesced calls and of callers that left a batch before it was sent (metrics).
  common::CoalescingHooks coalescing_hooks;
};

class MarketoBackend : public PartialLeadBackend {
 public:
  MarketoBackend(const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
                 MarketoBackendOptions options = {});

  // Identity calls made so far (tests; a token refresh is one call).
  int64_t identity_calls() const { return tokens_->identity_calls(); }

  // The token cache, for the expiry gauge read at scrape time.
  std::shared_ptr<const TokenProvider> token_provider() const { return tokens_; }

  // LeadService. Semantics and errors as documented on LeadBackend; Marketo specifics:
  // GetLead: NOT_FOUND for an empty result. QueryLeads: filter values containing ","
  // are INVALID_ARGUMENT (Marketo separates them with commas); more than 1,000 matches
  // in one 300-value chunk is FAILED_PRECONDITION (1003). UpsertLeads/PushLeads: typed
  // fields Marketo lacks are INVALID_ARGUMENT naming the field.
  absl::StatusOr<v1::DescribeLeadsResponse> DescribeLeads(
      const CallContext& ctx, const v1::DescribeLeadsRequest& request) override;
  absl::StatusOr<v1::Lead> GetLead(const CallContext& ctx,
                                   const v1::GetLeadRequest& request) override;
  absl::StatusOr<v1::QueryLeadsResponse> QueryLeads(const CallContext& ctx,
                                                    const v1::QueryLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpsertLeads(const CallContext& ctx,
                                                const v1::UpsertLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> DeleteLeads(const CallContext& ctx,
                                                const v1::DeleteLeadsRequest& request) override;
  absl::StatusOr<v1::MergeLeadsResponse> MergeLeads(const CallContext& ctx,
                                                    const v1::MergeLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> PushLeads(const CallContext& ctx,
                                              const v1::PushLeadsRequest& request) override;
  absl::StatusOr<v1::SubmitFormResponse> SubmitForm(const CallContext& ctx,
                                                    const v1::SubmitFormRequest& request) override;
  absl::StatusOr<v1::AssociateWebActivityResponse> AssociateWebActivity(
      const CallContext& ctx, const v1::AssociateWebActivityRequest& request) override;
  absl::StatusOr<v1::ListLeadPartitionsResponse> ListLeadPartitions(
      const CallContext& ctx, const v1::ListLeadPartitionsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpdateLeadPartitions(
      const CallContext& ctx, const v1::UpdateLeadPartitionsRequest& request) override;

  // FieldService. GetLeadField: NOT_FOUND for an unknown name (Marketo 1006).
  absl::StatusOr<v1::LeadField> GetLeadField(const CallContext& ctx,
                                             const v1::GetLeadFieldRequest& request) override;
  absl::StatusOr<v1::ListLeadFieldsResponse> ListLeadFields(
      const CallContext& ctx, const v1::ListLeadFieldsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> CreateLeadFields(
      const CallContext& ctx, const v1::CreateLeadFieldsRequest& request) override;
  absl::StatusOr<v1::RecordResult> UpdateLeadField(
      const CallContext& ctx, const v1::UpdateLeadFieldRequest& request) override;

  // MembershipService; page tokens are Marketo's nextPageToken.
  absl::StatusOr<v1::ListStaticListMembersResponse> ListStaticListMembers(
      const CallContext& ctx, const v1::ListStaticListMembersRequest& request) override;
  absl::StatusOr<v1::ListLeadStaticListsResponse> ListLeadStaticLists(
      const CallContext& ctx, const v1::ListLeadStaticListsRequest& request) override;
  absl::StatusOr<v1::ListProgramMembersResponse> ListProgramMembers(
      const CallContext& ctx, const v1::ListProgramMembersRequest& request) override;
  absl::StatusOr<v1::ListLeadProgramsResponse> ListLeadPrograms(
      const CallContext& ctx, const v1::ListLeadProgramsRequest& request) override;
  absl::StatusOr<v1::ListLeadSmartCampaignsResponse> ListLeadSmartCampaigns(
      const CallContext& ctx, const v1::ListLeadSmartCampaignsRequest& request) override;

  // Membership writes and checks, 300 lead ids per call. NOT_FOUND naming the list or
  // program when Marketo answers 1013 to the first call (nothing was written); a later
  // call's error fails its leads only (RunChunkedWrites). A result without an id gets the
  // requested lead id.
  absl::StatusOr<v1::WriteResponse> AddStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  absl::StatusOr<v1::WriteResponse> RemoveStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  // A read: any call's error is the RPC's error.
  absl::StatusOr<v1::CheckStaticListMembershipResponse> CheckStaticListMembership(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  absl::StatusOr<v1::WriteResponse> SetProgramMemberStatus(
      const CallContext& ctx, const v1::SetProgramMemberStatusRequest& request) override;

 private:
  // Leads whose `filter_field` is one of `values`: what GetLead and a first page of
  // QueryLeads ask of get_leads_by_filter.
  struct LeadLookup {
    std::string filter_field;
    std::vector<std::string> values;
    std::vector<std::string> fields;  // empty: Marketo's default fields
  };
  // Whether a lookup of `values` by `filter_field` may share a call: id or email, at most
  // 300 values, coalescing on.
  bool SharesLookups(absl::string_view filter_field, absl::Span<const std::string> values) const;
  // Every lead of `lookup`, all pages read.
  absl::StatusOr<std::vector<v1::Lead>> FetchLookup(const CallContext& ctx,
                                                    const LeadLookup& lookup);
  // `lookup` in a call shared with concurrent lookups of the same field and fields
  // selection: the leads its own values match, in the upstream's order.
  absl::StatusOr<std::vector<v1::Lead>> SharedLookup(const CallContext& ctx,
                                                     const LeadLookup& lookup,
                                                     absl::string_view operation);

  // The writes as one request each, without coalescing (chunked past 300 records).
  // `record_keys`, when given, are the duplicate-guard keys of the request's records (""
  // for none; taken by the calls), so that they are not computed again.
  absl::StatusOr<v1::WriteResponse> SyncLeads(const CallContext& ctx,
                                              const v1::UpsertLeadsRequest& request,
                                              std::vector<std::string>* record_keys = nullptr);
  absl::StatusOr<v1::WriteResponse> PushLeadsNow(const CallContext& ctx,
                                                 const v1::PushLeadsRequest& request);
  absl::StatusOr<v1::WriteResponse> DeleteLeadsNow(const CallContext& ctx,
                                                   const v1::DeleteLeadsRequest& request);

  // The duplicate-guard keys of records [begin, end), called once per chunk.
  using ChunkGuardKeys = std::function<std::vector<std::string>(int begin, int end)>;

  // Sends prebuilt `calls` through RunChunkedWrites, each under the leases of its
  // records' `guard_keys` (null: no guard), and parses the per-record results (each
  // record's id in `id_member`).
  absl::StatusOr<v1::WriteResponse> SendChunks(const CallContext& ctx, const ChunkedWrite& calls,
                                               const ChunkGuardKeys& guard_keys,
                                               absl::string_view id_member = "id");

  // A membership write of `lead_ids` through SendChunks (no duplicate guard: nothing is
  // created by key). `what` and `id` name the list or program in a NOT_FOUND.
  absl::StatusOr<v1::WriteResponse> WriteMembership(
      const CallContext& ctx, const google::protobuf::RepeatedPtrField<std::string>& lead_ids,
      const ChunkCallBuilder& build, absl::string_view id_member, absl::string_view what,
      absl::string_view id);

  // Leases for the duplicate guard of records [begin, end) looked up by `lookup_field`
  // (records without a value take none), acquired in sorted key order.
  absl::StatusOr<std::vector<common::KeyedSerializer::Lease>> LockLookupKeys(
      absl::string_view lookup_field, const std::vector<std::optional<std::string>>& values,
      absl::Time deadline);

  const std::string connection_;
  const MarketoBackendOptions options_;
  const std::shared_ptr<TokenProvider> tokens_;
  MarketoRestStub stub_;
  common::KeyedSerializer upsert_keys_;
  // Small writes and lookups of concurrent callers share calls.
  common::CallCoalescer coalescer_;

  std::mutex describe_fetch_mu_;  // held by the one caller fetching a describe
  std::mutex describe_mu_;
  std::optional<v1::DescribeLeadsResponse> describe_;   // guarded by describe_mu_
  absl::Time describe_expires_ = absl::InfinitePast();  // guarded by describe_mu_
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_H_
