#include "service/membership_service_impl.h"

namespace leadgw::service {

using adapters::Operation;

grpc::Status MembershipServiceImpl::ListStaticListMembers(
    grpc::ServerContext* context, const v1::ListStaticListMembersRequest* request,
    v1::ListStaticListMembersResponse* response) {
  return RunUnary(*env_, context, Operation::kListStaticListMembers, *request, response,
                  &adapters::LeadBackend::ListStaticListMembers);
}

grpc::Status MembershipServiceImpl::ListLeadStaticLists(
    grpc::ServerContext* context, const v1::ListLeadStaticListsRequest* request,
    v1::ListLeadStaticListsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadStaticLists, *request, response,
                  &adapters::LeadBackend::ListLeadStaticLists);
}

grpc::Status MembershipServiceImpl::ListProgramMembers(grpc::ServerContext* context,
                                                       const v1::ListProgramMembersRequest* request,
                                                       v1::ListProgramMembersResponse* response) {
  return RunUnary(*env_, context, Operation::kListProgramMembers, *request, response,
                  &adapters::LeadBackend::ListProgramMembers);
}

grpc::Status MembershipServiceImpl::ListLeadPrograms(grpc::ServerContext* context,
                                                     const v1::ListLeadProgramsRequest* request,
                                                     v1::ListLeadProgramsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadPrograms, *request, response,
                  &adapters::LeadBackend::ListLeadPrograms);
}

grpc::Status MembershipServiceImpl::ListLeadSmartCampaigns(
    grpc::ServerContext* context, const v1::ListLeadSmartCampaignsRequest* request,
    v1::ListLeadSmartCampaignsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadSmartCampaigns, *request, response,
                  &adapters::LeadBackend::ListLeadSmartCampaigns);
}

grpc::Status MembershipServiceImpl::StreamStaticListMembers(
    grpc::ServerContext* context, const v1::ListStaticListMembersRequest* request,
    grpc::ServerWriter<v1::Lead>* writer) {
  return RunStream(
      *env_, context, Operation::kListStaticListMembers, *request, writer,
      &adapters::LeadBackend::ListStaticListMembers,
      [](const auto& page) -> const auto& { return page.leads(); });
}

grpc::Status MembershipServiceImpl::StreamProgramMembers(
    grpc::ServerContext* context, const v1::ListProgramMembersRequest* request,
    grpc::ServerWriter<v1::ProgramMember>* writer) {
  return RunStream(
      *env_, context, Operation::kListProgramMembers, *request, writer,
      &adapters::LeadBackend::ListProgramMembers,
      [](const auto& page) -> const auto& { return page.members(); });
}

}  // namespace leadgw::service
