// HotProfileBackend: the LeadBackend of HotProfile connections (Hammock's business-card
// CRM): leads, clients (neutral Companies) and business cards.
//
// Implemented: DescribeLeads (the static lead field table), GetLead, QueryLeads,
// UpsertLeads, CreateCompanies, UpdateCompanies, SearchCompanies, CreateBusinessCards,
// UpdateBusinessCards, SearchBusinessCards. Everything else (delete, merge, push, forms,
// web activity, partitions, memberships, the field schema API) answers UNIMPLEMENTED naming
// hotprofile and the RPC (PartialLeadBackend).
//
// Every request is checked against HotProfile's rules before the first upstream call
// (requests.h); a violation anywhere in a batch is INVALID_ARGUMENT for the whole RPC
// and nothing is sent. Writes spend one upstream call per record (HotProfile has no batch
// endpoint) and run in input order (common/write_batch.h: a rejected record is FAILED and
// the others still written; a 429, 5xx or transport failure stops the batch).
//
// Paging: our cursor is HotProfile's page number ("" = page 1).
//
// SearchBusinessCards resolves each card's company_id from its client_name (the card
// search does not answer client_id): one extra client search per distinct company name
// of the page, exact name matches only.
//
// UpsertLeads actions: CREATE_ONLY and CREATE_DUPLICATE create; UPDATE_ONLY updates by id
// (lookup_field "id") or looks the lookup field up first; CREATE_OR_UPDATE (and
// UNSPECIFIED) looks up, then updates the one exact match, creates when none matches, and
// fails the record with "gateway.ambiguous_lookup" when several do. HotProfile's search is
// a partial match, so candidates are filtered for an exact match here (emails ignoring
// ASCII case). Look-up-and-write runs under a per-(connection, lookup field, value) lock
// so concurrent upserts of one person cannot both create. partition_name is
// INVALID_ARGUMENT (HotProfile has no partitions).
//
// Thread-safe: one instance serves every RPC of its connection.
#ifndef LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_H_
#define LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "backends/common/keyed_serializer.h"
#include "backends/common/call_coalescer.h"
#include "backends/connection_settings.h"
#include "backends/hotprofile/company_id_cache.h"
#include "backends/hotprofile/requests.h"
#include "backends/hotprofile/rest_stub.h"
#include "upstream/http/http_client.h"
#include "backends/partial_backend.h"

namespace leadgw::backends::hotprofile {

class HotProfileBackend final : public PartialLeadBackend {
 public:
  // `client` carries every upstream call (CurlHttpClient in production, a mock in tests),
  // each an attempt of `guard` (the connection's GuardedCalls; null: DirectCalls).
  // `key_locks` (fleet mode; may be null) hold the duplicate guard's keys across the
  // replicas until a holder's deadline plus `key_hold_margin`. `coalescing_hooks` are told
  // of GetLead calls shared by concurrent callers.
  HotProfileBackend(ConnectionSettings settings, std::shared_ptr<upstream::http::HttpClient> client,
                    std::shared_ptr<upstream::CallGuard> guard = nullptr,
                    HotProfileRestStub::Clock clock = absl::Now,
                    std::shared_ptr<upstream::coord::KeyLocks> key_locks = nullptr,
                    absl::Duration key_hold_margin = absl::Minutes(3),
                    common::CoalescingHooks coalescing_hooks = {});

  absl::StatusOr<v1::DescribeLeadsResponse> DescribeLeads(
      const CallContext& ctx, const v1::DescribeLeadsRequest& request) override;
  absl::StatusOr<v1::Lead> GetLead(const CallContext& ctx,
                                   const v1::GetLeadRequest& request) override;
  absl::StatusOr<v1::QueryLeadsResponse> QueryLeads(const CallContext& ctx,
                                                    const v1::QueryLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpsertLeads(const CallContext& ctx,
                                                const v1::UpsertLeadsRequest& request) override;

  absl::StatusOr<v1::WriteResponse> CreateCompanies(
      const CallContext& ctx, const v1::CreateCompaniesRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpdateCompanies(
      const CallContext& ctx, const v1::UpdateCompaniesRequest& request) override;
  absl::StatusOr<v1::SearchCompaniesResponse> SearchCompanies(
      const CallContext& ctx, const v1::SearchCompaniesRequest& request) override;

  absl::StatusOr<v1::WriteResponse> CreateBusinessCards(
      const CallContext& ctx, const v1::CreateBusinessCardsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpdateBusinessCards(
      const CallContext& ctx, const v1::UpdateBusinessCardsRequest& request) override;
  absl::StatusOr<v1::SearchBusinessCardsResponse> SearchBusinessCards(
      const CallContext& ctx, const v1::SearchBusinessCardsRequest& request) override;

 private:
  struct UpsertPlan;

  // Validates every record of a batch, then writes them one call each, in order.
  absl::StatusOr<v1::WriteResponse> WriteRecords(
      const CallContext& ctx, ObjectKind kind, WriteMode mode,
      const std::vector<const google::protobuf::Message*>& records, absl::string_view field);

  // Sends a write call and returns the record's result (CREATED / UPDATED with its id).
  absl::StatusOr<v1::RecordResult> Write(const CallContext& ctx, const HotProfileCall& call,
                                         WriteMode mode);

  // One page of a search: the items are added by `add`; the page's cursor and total are
  // returned through `next_cursor` / `total_count`.
  absl::Status SearchPage(const CallContext& ctx, ObjectKind kind, const HotProfileCall& call,
                          absl::FunctionRef<google::protobuf::Message*()> add,
                          std::string* next_cursor, int64_t* total_count);

  // UpsertLeads pieces (hotprofile_leads.cc).
  absl::StatusOr<UpsertPlan> PlanUpsert(const v1::UpsertLeadsRequest& request) const;
  absl::StatusOr<v1::RecordResult> UpsertOne(const CallContext& ctx, const UpsertPlan& plan,
                                             const v1::Lead& lead, int index);

  // Sets the company_id of each card of `cards` that has a company_name but no id:
  // HotProfile's card search answers client_name, not client_id (which an update needs).
  // One client search per distinct name; a failed search fails the call.
  absl::Status ResolveCardCompanyIds(const CallContext& ctx,
                                     google::protobuf::RepeatedPtrField<v1::BusinessCard>* cards);

  // The id of the one client named exactly `name`; nullopt when none or several are, or
  // when the partial-match candidates do not fit one search page. Remembered for
  // kCompanyIdTtl.
  absl::StatusOr<std::optional<std::string>> CompanyIdByName(const CallContext& ctx,
                                                             const std::string& name);
  // The same, always asking HotProfile.
  absl::StatusOr<std::optional<std::string>> LookUpCompanyId(const CallContext& ctx,
                                                             const std::string& name);

  static constexpr absl::Duration kCompanyIdTtl = absl::Minutes(10);
  static constexpr size_t kMaxCompanyIds = 10000;

  // The leads of `ids` (decimal, at most 100) in one search.
  absl::StatusOr<std::vector<v1::Lead>> LeadsById(const CallContext& ctx,
                                                 const std::vector<std::string>& ids);

  HotProfileRestStub stub_;
  common::KeyedSerializer upserts_;
  // Concurrent GetLeads share search calls (docs/coalescing.md).
  common::CallCoalescer lookups_;
  CompanyIdCache company_ids_;
};

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_H_
