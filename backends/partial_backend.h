// PartialLeadBackend: a LeadBackend whose every method answers UNIMPLEMENTED, naming the
// backend and the operation. Adapters derive from it, override what their upstream offers
// and list those operations, so an operation a backend lacks never needs a hand-written
// stub (and can never silently answer OK).
#ifndef LEADGW_BACKENDS_PARTIAL_BACKEND_H_
#define LEADGW_BACKENDS_PARTIAL_BACKEND_H_

#include <bitset>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "backends/lead_backend.h"

namespace leadgw::backends {

class PartialLeadBackend : public LeadBackend {
 public:
  // `supported` lists the operations the subclass overrides.
  PartialLeadBackend(std::string backend_name, std::initializer_list<Operation> supported);

  absl::string_view backend_name() const override { return backend_name_; }
  bool Supports(Operation op) const override;

  absl::StatusOr<v1::DescribeLeadsResponse> DescribeLeads(
      const CallContext& ctx, const v1::DescribeLeadsRequest& request) override;
  absl::StatusOr<v1::Lead> GetLead(const CallContext& ctx,
                                   const v1::GetLeadRequest& request) override;
  absl::StatusOr<v1::QueryLeadsResponse> QueryLeads(
      const CallContext& ctx, const v1::QueryLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpsertLeads(const CallContext& ctx,
                                                const v1::UpsertLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> DeleteLeads(const CallContext& ctx,
                                                const v1::DeleteLeadsRequest& request) override;
  absl::StatusOr<v1::MergeLeadsResponse> MergeLeads(
      const CallContext& ctx, const v1::MergeLeadsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> PushLeads(const CallContext& ctx,
                                              const v1::PushLeadsRequest& request) override;
  absl::StatusOr<v1::SubmitFormResponse> SubmitForm(
      const CallContext& ctx, const v1::SubmitFormRequest& request) override;
  absl::StatusOr<v1::AssociateWebActivityResponse> AssociateWebActivity(
      const CallContext& ctx, const v1::AssociateWebActivityRequest& request) override;
  absl::StatusOr<v1::ListLeadPartitionsResponse> ListLeadPartitions(
      const CallContext& ctx, const v1::ListLeadPartitionsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> UpdateLeadPartitions(
      const CallContext& ctx, const v1::UpdateLeadPartitionsRequest& request) override;
  absl::StatusOr<v1::LeadField> GetLeadField(const CallContext& ctx,
                                             const v1::GetLeadFieldRequest& request) override;
  absl::StatusOr<v1::ListLeadFieldsResponse> ListLeadFields(
      const CallContext& ctx, const v1::ListLeadFieldsRequest& request) override;
  absl::StatusOr<v1::WriteResponse> CreateLeadFields(
      const CallContext& ctx, const v1::CreateLeadFieldsRequest& request) override;
  absl::StatusOr<v1::RecordResult> UpdateLeadField(
      const CallContext& ctx, const v1::UpdateLeadFieldRequest& request) override;
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
  absl::StatusOr<v1::WriteResponse> AddStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  absl::StatusOr<v1::WriteResponse> RemoveStaticListMembers(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  absl::StatusOr<v1::CheckStaticListMembershipResponse> CheckStaticListMembership(
      const CallContext& ctx, const v1::StaticListMembersRequest& request) override;
  absl::StatusOr<v1::WriteResponse> SetProgramMemberStatus(
      const CallContext& ctx, const v1::SetProgramMemberStatusRequest& request) override;
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

 protected:
  // UNIMPLEMENTED "<backend> does not support <rpc>".
  absl::Status Unsupported(Operation op) const;

 private:
  std::string backend_name_;
  std::bitset<kOperationCount> supported_;
};

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_PARTIAL_BACKEND_H_
