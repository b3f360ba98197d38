#include "service/lead_service_impl.h"

namespace leadgw::service {

using backends::Operation;

grpc::Status LeadServiceImpl::DescribeLeads(grpc::ServerContext* context,
                                            const v1::DescribeLeadsRequest* request,
                                            v1::DescribeLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kDescribeLeads, *request, response,
                  &backends::LeadBackend::DescribeLeads);
}

grpc::Status LeadServiceImpl::GetLead(grpc::ServerContext* context,
                                      const v1::GetLeadRequest* request, v1::Lead* response) {
  return RunUnary(*env_, context, Operation::kGetLead, *request, response,
                  &backends::LeadBackend::GetLead);
}

grpc::Status LeadServiceImpl::QueryLeads(grpc::ServerContext* context,
                                         const v1::QueryLeadsRequest* request,
                                         v1::QueryLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kQueryLeads, *request, response,
                  &backends::LeadBackend::QueryLeads);
}

grpc::Status LeadServiceImpl::UpsertLeads(grpc::ServerContext* context,
                                          const v1::UpsertLeadsRequest* request,
                                          v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpsertLeads, *request, response,
                  &backends::LeadBackend::UpsertLeads);
}

grpc::Status LeadServiceImpl::DeleteLeads(grpc::ServerContext* context,
                                          const v1::DeleteLeadsRequest* request,
                                          v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kDeleteLeads, *request, response,
                  &backends::LeadBackend::DeleteLeads);
}

grpc::Status LeadServiceImpl::MergeLeads(grpc::ServerContext* context,
                                         const v1::MergeLeadsRequest* request,
                                         v1::MergeLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kMergeLeads, *request, response,
                  &backends::LeadBackend::MergeLeads);
}

grpc::Status LeadServiceImpl::PushLeads(grpc::ServerContext* context,
                                        const v1::PushLeadsRequest* request,
                                        v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kPushLeads, *request, response,
                  &backends::LeadBackend::PushLeads);
}

grpc::Status LeadServiceImpl::SubmitForm(grpc::ServerContext* context,
                                         const v1::SubmitFormRequest* request,
                                         v1::SubmitFormResponse* response) {
  return RunUnary(*env_, context, Operation::kSubmitForm, *request, response,
                  &backends::LeadBackend::SubmitForm);
}

grpc::Status LeadServiceImpl::AssociateWebActivity(grpc::ServerContext* context,
                                                   const v1::AssociateWebActivityRequest* request,
                                                   v1::AssociateWebActivityResponse* response) {
  return RunUnary(*env_, context, Operation::kAssociateWebActivity, *request, response,
                  &backends::LeadBackend::AssociateWebActivity);
}

grpc::Status LeadServiceImpl::ListLeadPartitions(grpc::ServerContext* context,
                                                 const v1::ListLeadPartitionsRequest* request,
                                                 v1::ListLeadPartitionsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadPartitions, *request, response,
                  &backends::LeadBackend::ListLeadPartitions);
}

grpc::Status LeadServiceImpl::UpdateLeadPartitions(grpc::ServerContext* context,
                                                   const v1::UpdateLeadPartitionsRequest* request,
                                                   v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpdateLeadPartitions, *request, response,
                  &backends::LeadBackend::UpdateLeadPartitions);
}

grpc::Status LeadServiceImpl::StreamLeads(grpc::ServerContext* context,
                                          const v1::QueryLeadsRequest* request,
                                          grpc::ServerWriter<v1::Lead>* writer) {
  return RunStream(
      *env_, context, Operation::kQueryLeads, *request, writer, &backends::LeadBackend::QueryLeads,
      [](const auto& page) -> const auto& { return page.leads(); });
}

}  // namespace leadgw::service
