// LeadBackend: the one interface every upstream adapter implements.
//
// Requests and responses are the generated messages of the neutral model
// (leadgateway.v1); adapters never see JSON from the service, nor grpc::Status.
#ifndef LEADGW_BACKENDS_LEAD_BACKEND_H_
#define LEADGW_BACKENDS_LEAD_BACKEND_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cancellation.h"
#include "upstream/http/request_priority.h"
#include "backends/operation.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/field_service.pb.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "leadgateway/v1/membership_service.pb.h"

namespace leadgw {
namespace v1 = ::leadgateway::v1;
}  // namespace leadgw

namespace leadgw::backends {

// Who is waiting for a call: interactive single-record calls are served before bulk work
// (streaming walks, large batches) when upstream capacity is short. The same enum travels
// on every HttpRequest the call sends.
using CallPriority = upstream::http::RequestPriority;

// Per-call facts the service hands to a backend.
struct CallContext {
  // The latest time by which the whole operation must be answered (all upstream calls,
  // retries and waits included): the caller's gRPC deadline less a small reply margin,
  // or the gateway's own ceiling when the caller set none.
  absl::Time deadline = absl::InfiniteFuture();
  // Correlation id for logs (from x-request-id metadata or generated).
  std::string request_id;
  CallPriority priority = CallPriority::kInteractive;
  // The caller's fair share of upstream capacity (upstream::CallSpec::caller_share).
  int caller_share = 0;
  // Whether the caller has gone: upstream calls stop at their next boundary (not sent,
  // not admitted, or aborted in transfer), batches between chunks. Never by default.
  Cancellation cancellation;
};

// Semantics shared by every method:
// - Input has passed the service's validation of the gateway contract (required fields,
//   sizes, formats). Backends validate their own upstream rules (HotProfile lengths,
//   Marketo limits) before sending anything.
// - Paged methods receive in `page_token` the backend's own cursor (the service has
//   unwrapped and checked the opaque token; empty for the first page) and return their
//   next cursor in `next_page_token` (empty when done); the service wraps it again.
// - Errors use absl status codes: INVALID_ARGUMENT (input the upstream rejects),
//   NOT_FOUND, FAILED_PRECONDITION (must not be retried as is), RESOURCE_EXHAUSTED (quota;
//   a retry-after hint in the payload "leadgw.retry_after_ms"), UNAVAILABLE (may be
//   retried), DEADLINE_EXCEEDED, UNIMPLEMENTED (the backend lacks the operation),
//   UNAUTHENTICATED / PERMISSION_DENIED (credentials). Upstream code and message travel in
//   payloads "leadgw.upstream_code" / the message; see upstream/upstream_error.h.
// - Batch writes return OK with one RecordResult per input record, in input order, even
//   when some records failed.
// - Implementations are thread-safe: one instance serves every RPC of its connection.
class LeadBackend {
 public:
  virtual ~LeadBackend() = default;

  // "marketo" or "hotprofile": used in messages and metric labels.
  virtual absl::string_view backend_name() const = 0;

  // True when the backend implements `op`; false means the method answers UNIMPLEMENTED.
  virtual bool Supports(Operation op) const = 0;

  // LeadService.
  virtual absl::StatusOr<v1::DescribeLeadsResponse> DescribeLeads(
      const CallContext& ctx, const v1::DescribeLeadsRequest& request) = 0;
  // NOT_FOUND when the lead does not exist.
  virtual absl::StatusOr<v1::Lead> GetLead(const CallContext& ctx,
                                           const v1::GetLeadRequest& request) = 0;
  virtual absl::StatusOr<v1::QueryLeadsResponse> QueryLeads(
      const CallContext& ctx, const v1::QueryLeadsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> UpsertLeads(
      const CallContext& ctx, const v1::UpsertLeadsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> DeleteLeads(
      const CallContext& ctx, const v1::DeleteLeadsRequest& request) = 0;
  virtual absl::StatusOr<v1::MergeLeadsResponse> MergeLeads(
      const CallContext& ctx, const v1::MergeLeadsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> PushLeads(const CallContext& ctx,
                                                      const v1::PushLeadsRequest& request) = 0;
  virtual absl::StatusOr<v1::SubmitFormResponse> SubmitForm(
      const CallContext& ctx, const v1::SubmitFormRequest& request) = 0;
  virtual absl::StatusOr<v1::AssociateWebActivityResponse> AssociateWebActivity(
      const CallContext& ctx, const v1::AssociateWebActivityRequest& request) = 0;
  virtual absl::StatusOr<v1::ListLeadPartitionsResponse> ListLeadPartitions(
      const CallContext& ctx, const v1::ListLeadPartitionsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> UpdateLeadPartitions(
      const CallContext& ctx, const v1::UpdateLeadPartitionsRequest& request) = 0;

  // FieldService.
  virtual absl::StatusOr<v1::LeadField> GetLeadField(
      const CallContext& ctx, const v1::GetLeadFieldRequest& request) = 0;
  virtual absl::StatusOr<v1::ListLeadFieldsResponse> ListLeadFields(
      const CallContext& ctx, const v1::ListLeadFieldsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> CreateLeadFields(
      const CallContext& ctx, const v1::CreateLeadFieldsRequest& request) = 0;
  virtual absl::StatusOr<v1::RecordResult> UpdateLeadField(
      const CallContext& ctx, const v1::UpdateLeadFieldRequest& request) = 0;

  // MembershipService.
  virtual absl::StatusOr<v1::ListStaticListMembersResponse> ListStaticListMembers(
      const CallContext& ctx, const v1::ListStaticListMembersRequest& request) = 0;
  virtual absl::StatusOr<v1::ListLeadStaticListsResponse> ListLeadStaticLists(
      const CallContext& ctx, const v1::ListLeadStaticListsRequest& request) = 0;
  virtual absl::StatusOr<v1::ListProgramMembersResponse> ListProgramMembers(
      const CallContext& ctx, const v1::ListProgramMembersRequest& request) = 0;
  virtual absl::StatusOr<v1::ListLeadProgramsResponse> ListLeadPrograms(
      const CallContext& ctx, const v1::ListLeadProgramsRequest& request) = 0;
  virtual absl::StatusOr<v1::ListLeadSmartCampaignsResponse> ListLeadSmartCampaigns(
      const CallContext& ctx, const v1::ListLeadSmartCampaignsRequest& request) = 0;
  // Membership writes and the membership check: one result per lead id, in input order;
  // NOT_FOUND for an unknown list or program (the whole call), SKIPPED for an unknown lead.
  virtual absl::StatusOr<v1::WriteResponse> AddStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> RemoveStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) = 0;
  virtual absl::StatusOr<v1::CheckStaticListMembershipResponse> CheckStaticListMembership(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> SetProgramMemberStatus(
      const CallContext& ctx, const v1::SetProgramMemberStatusRequest& request) = 0;

  // CompanyService.
  virtual absl::StatusOr<v1::WriteResponse> CreateCompanies(
      const CallContext& ctx, const v1::CreateCompaniesRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> UpdateCompanies(
      const CallContext& ctx, const v1::UpdateCompaniesRequest& request) = 0;
  virtual absl::StatusOr<v1::SearchCompaniesResponse> SearchCompanies(
      const CallContext& ctx, const v1::SearchCompaniesRequest& request) = 0;

  // BusinessCardService.
  virtual absl::StatusOr<v1::WriteResponse> CreateBusinessCards(
      const CallContext& ctx, const v1::CreateBusinessCardsRequest& request) = 0;
  virtual absl::StatusOr<v1::WriteResponse> UpdateBusinessCards(
      const CallContext& ctx, const v1::UpdateBusinessCardsRequest& request) = 0;
  virtual absl::StatusOr<v1::SearchBusinessCardsResponse> SearchBusinessCards(
      const CallContext& ctx, const v1::SearchBusinessCardsRequest& request) = 0;
};

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_LEAD_BACKEND_H_
