#include "backends/partial_backend.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::backends {

PartialLeadBackend::PartialLeadBackend(std::string backend_name,
                                       std::initializer_list<Operation> supported)
    : backend_name_(std::move(backend_name)) {
  for (Operation op : supported) supported_.set(static_cast<size_t>(op));
}

bool PartialLeadBackend::Supports(Operation op) const {
  return supported_.test(static_cast<size_t>(op));
}

absl::Status PartialLeadBackend::Unsupported(Operation op) const {
  return absl::UnimplementedError(absl::StrCat(backend_name_, " does not support ", Info(op).rpc));
}

absl::StatusOr<v1::DescribeLeadsResponse> PartialLeadBackend::DescribeLeads(
    const CallContext&, const v1::DescribeLeadsRequest&) {
  return Unsupported(Operation::kDescribeLeads);
}

absl::StatusOr<v1::Lead> PartialLeadBackend::GetLead(const CallContext&,
                                                     const v1::GetLeadRequest&) {
  return Unsupported(Operation::kGetLead);
}

absl::StatusOr<v1::QueryLeadsResponse> PartialLeadBackend::QueryLeads(
    const CallContext&, const v1::QueryLeadsRequest&) {
  return Unsupported(Operation::kQueryLeads);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::UpsertLeads(const CallContext&,
                                                                  const v1::UpsertLeadsRequest&) {
  return Unsupported(Operation::kUpsertLeads);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::DeleteLeads(const CallContext&,
                                                                  const v1::DeleteLeadsRequest&) {
  return Unsupported(Operation::kDeleteLeads);
}

absl::StatusOr<v1::MergeLeadsResponse> PartialLeadBackend::MergeLeads(
    const CallContext&, const v1::MergeLeadsRequest&) {
  return Unsupported(Operation::kMergeLeads);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::PushLeads(const CallContext&,
                                                                const v1::PushLeadsRequest&) {
  return Unsupported(Operation::kPushLeads);
}

absl::StatusOr<v1::SubmitFormResponse> PartialLeadBackend::SubmitForm(
    const CallContext&, const v1::SubmitFormRequest&) {
  return Unsupported(Operation::kSubmitForm);
}

absl::StatusOr<v1::AssociateWebActivityResponse> PartialLeadBackend::AssociateWebActivity(
    const CallContext&, const v1::AssociateWebActivityRequest&) {
  return Unsupported(Operation::kAssociateWebActivity);
}

absl::StatusOr<v1::ListLeadPartitionsResponse> PartialLeadBackend::ListLeadPartitions(
    const CallContext&, const v1::ListLeadPartitionsRequest&) {
  return Unsupported(Operation::kListLeadPartitions);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::UpdateLeadPartitions(
    const CallContext&, const v1::UpdateLeadPartitionsRequest&) {
  return Unsupported(Operation::kUpdateLeadPartitions);
}

absl::StatusOr<v1::LeadField> PartialLeadBackend::GetLeadField(const CallContext&,
                                                               const v1::GetLeadFieldRequest&) {
  return Unsupported(Operation::kGetLeadField);
}

absl::StatusOr<v1::ListLeadFieldsResponse> PartialLeadBackend::ListLeadFields(
    const CallContext&, const v1::ListLeadFieldsRequest&) {
  return Unsupported(Operation::kListLeadFields);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::CreateLeadFields(
    const CallContext&, const v1::CreateLeadFieldsRequest&) {
  return Unsupported(Operation::kCreateLeadFields);
}

absl::StatusOr<v1::RecordResult> PartialLeadBackend::UpdateLeadField(
    const CallContext&, const v1::UpdateLeadFieldRequest&) {
  return Unsupported(Operation::kUpdateLeadField);
}

absl::StatusOr<v1::ListStaticListMembersResponse> PartialLeadBackend::ListStaticListMembers(
    const CallContext&, const v1::ListStaticListMembersRequest&) {
  return Unsupported(Operation::kListStaticListMembers);
}

absl::StatusOr<v1::ListLeadStaticListsResponse> PartialLeadBackend::ListLeadStaticLists(
    const CallContext&, const v1::ListLeadStaticListsRequest&) {
  return Unsupported(Operation::kListLeadStaticLists);
}

absl::StatusOr<v1::ListProgramMembersResponse> PartialLeadBackend::ListProgramMembers(
    const CallContext&, const v1::ListProgramMembersRequest&) {
  return Unsupported(Operation::kListProgramMembers);
}

absl::StatusOr<v1::ListLeadProgramsResponse> PartialLeadBackend::ListLeadPrograms(
    const CallContext&, const v1::ListLeadProgramsRequest&) {
  return Unsupported(Operation::kListLeadPrograms);
}

absl::StatusOr<v1::ListLeadSmartCampaignsResponse> PartialLeadBackend::ListLeadSmartCampaigns(
    const CallContext&, const v1::ListLeadSmartCampaignsRequest&) {
  return Unsupported(Operation::kListLeadSmartCampaigns);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::AddStaticListMembers(
    const CallContext&, const v1::StaticListMembersRequest&) {
  return Unsupported(Operation::kAddStaticListMembers);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::RemoveStaticListMembers(
    const CallContext&, const v1::StaticListMembersRequest&) {
  return Unsupported(Operation::kRemoveStaticListMembers);
}

absl::StatusOr<v1::CheckStaticListMembershipResponse>
PartialLeadBackend::CheckStaticListMembership(const CallContext&,
                                              const v1::StaticListMembersRequest&) {
  return Unsupported(Operation::kCheckStaticListMembership);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::SetProgramMemberStatus(
    const CallContext&, const v1::SetProgramMemberStatusRequest&) {
  return Unsupported(Operation::kSetProgramMemberStatus);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::CreateCompanies(
    const CallContext&, const v1::CreateCompaniesRequest&) {
  return Unsupported(Operation::kCreateCompanies);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::UpdateCompanies(
    const CallContext&, const v1::UpdateCompaniesRequest&) {
  return Unsupported(Operation::kUpdateCompanies);
}

absl::StatusOr<v1::SearchCompaniesResponse> PartialLeadBackend::SearchCompanies(
    const CallContext&, const v1::SearchCompaniesRequest&) {
  return Unsupported(Operation::kSearchCompanies);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::CreateBusinessCards(
    const CallContext&, const v1::CreateBusinessCardsRequest&) {
  return Unsupported(Operation::kCreateBusinessCards);
}

absl::StatusOr<v1::WriteResponse> PartialLeadBackend::UpdateBusinessCards(
    const CallContext&, const v1::UpdateBusinessCardsRequest&) {
  return Unsupported(Operation::kUpdateBusinessCards);
}

absl::StatusOr<v1::SearchBusinessCardsResponse> PartialLeadBackend::SearchBusinessCards(
    const CallContext&, const v1::SearchBusinessCardsRequest&) {
  return Unsupported(Operation::kSearchBusinessCards);
}

}  // namespace leadgw::backends
