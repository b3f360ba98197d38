#include "service/membership_service_impl.h"

namespace leadgw::service {

using backends::Operation;

grpc::Status MembershipServiceImpl::ListStaticListMembers(
    grpc::ServerContext* context, const v1::ListStaticListMembersRequest* request,
    v1::ListStaticListMembersResponse* response) {
  return RunUnary(*env_, context, Operation::kListStaticListMembers, *request, response,
                  &backends::LeadBackend::ListStaticListMembers);
}

grpc::Status MembershipServiceImpl::ListLeadStaticLists(
    grpc::ServerContext* context, const v1::ListLeadStaticListsRequest* request,
    v1::ListLeadStaticListsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadStaticLists, *request, response,
                  &backends::LeadBackend::ListLeadStaticLists);
}

grpc::Status MembershipServiceImpl::ListProgramMembers(grpc::ServerContext* context,
                                                       const v1::ListProgramMembersRequest* request,
                                                       v1::ListProgramMembersResponse* response) {
  return RunUnary(*env_, context, Operation::kListProgramMembers, *request, response,
                  &backends::LeadBackend::ListProgramMembers);
}

grpc::Status MembershipServiceImpl::ListLeadPrograms(grpc::ServerContext* context,
                                                     const v1::ListLeadProgramsRequest* request,
                                                     v1::ListLeadProgramsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadPrograms, *request, response,
                  &backends::LeadBackend::ListLeadPrograms);
}

grpc::Status MembershipServiceImpl::ListLeadSmartCampaigns(
    grpc::ServerContext* context, const v1::ListLeadSmartCampaignsRequest* request,
    v1::ListLeadSmartCampaignsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadSmartCampaigns, *request, response,
                  &backends::LeadBackend::ListLeadSmartCampaigns);
}

grpc::Status MembershipServiceImpl::AddStaticListMembers(
    grpc::ServerContext* context, const v1::StaticListMembersRequest* request,
    v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kAddStaticListMembers, *request, response,
                  &backends::LeadBackend::AddStaticListMembers);
}

grpc::Status MembershipServiceImpl::RemoveStaticListMembers(
    grpc::ServerContext* context, const v1::StaticListMembersRequest* request,
    v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kRemoveStaticListMembers, *request, response,
                  &backends::LeadBackend::RemoveStaticListMembers);
}

grpc::Status MembershipServiceImpl::CheckStaticListMembership(
    grpc::ServerContext* context, const v1::StaticListMembersRequest* request,
    v1::CheckStaticListMembershipResponse* response) {
  return RunUnary(*env_, context, Operation::kCheckStaticListMembership, *request, response,
                  &backends::LeadBackend::CheckStaticListMembership);
}

grpc::Status MembershipServiceImpl::SetProgramMemberStatus(
    grpc::ServerContext* context, const v1::SetProgramMemberStatusRequest* request,
    v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kSetProgramMemberStatus, *request, response,
                  &backends::LeadBackend::SetProgramMemberStatus);
}

grpc::Status MembershipServiceImpl::StreamStaticListMembers(
    grpc::ServerContext* context, const v1::ListStaticListMembersRequest* request,
    grpc::ServerWriter<v1::Lead>* writer) {
  return RunStream(
      *env_, context, Operation::kListStaticListMembers, *request, writer,
      &backends::LeadBackend::ListStaticListMembers,
      [](const auto& page) -> const auto& { return page.leads(); });
}

grpc::Status MembershipServiceImpl::StreamProgramMembers(
    grpc::ServerContext* context, const v1::ListProgramMembersRequest* request,
    grpc::ServerWriter<v1::ProgramMember>* writer) {
  return RunStream(
      *env_, context, Operation::kListProgramMembers, *request, writer,
      &backends::LeadBackend::ListProgramMembers,
      [](const auto& page) -> const auto& { return page.members(); });
}

}  // namespace leadgw::service
