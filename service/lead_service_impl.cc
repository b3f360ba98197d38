#include "service/lead_service_impl.h"

namespace leadgw::service {

using adapters::Operation;

grpc::Status LeadServiceImpl::DescribeLeads(grpc::ServerContext* context,
                                            const v1::DescribeLeadsRequest* request,
                                            v1::DescribeLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kDescribeLeads, *request, response,
                  &adapters::LeadBackend::DescribeLeads);
}

grpc::Status LeadServiceImpl::GetLead(grpc::ServerContext* context,
                                      const v1::GetLeadRequest* request, v1::Lead* response) {
  return RunUnary(*env_, context, Operation::kGetLead, *request, response,
                  &adapters::LeadBackend::GetLead);
}

grpc::Status LeadServiceImpl::QueryLeads(grpc::ServerContext* context,
                                         const v1::QueryLeadsRequest* request,
                                         v1::QueryLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kQueryLeads, *request, response,
                  &adapters::LeadBackend::QueryLeads);
}

grpc::Status LeadServiceImpl::UpsertLeads(grpc::ServerContext* context,
                                          const v1::UpsertLeadsRequest* request,
                                          v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpsertLeads, *request, response,
                  &adapters::LeadBackend::UpsertLeads);
}

grpc::Status LeadServiceImpl::DeleteLeads(grpc::ServerContext* context,
                                          const v1::DeleteLeadsRequest* request,
                                          v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kDeleteLeads, *request, response,
                  &adapters::LeadBackend::DeleteLeads);
}

grpc::Status LeadServiceImpl::MergeLeads(grpc::ServerContext* context,
                                         const v1::MergeLeadsRequest* request,
                                         v1::MergeLeadsResponse* response) {
  return RunUnary(*env_, context, Operation::kMergeLeads, *request, response,
                  &adapters::LeadBackend::MergeLeads);
}

grpc::Status LeadServiceImpl::PushLeads(grpc::ServerContext* context,
                                        const v1::PushLeadsRequest* request,
                                        v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kPushLeads, *request, response,
                  &adapters::LeadBackend::PushLeads);
}

grpc::Status LeadServiceImpl::SubmitForm(grpc::ServerContext* context,
                                         const v1::SubmitFormRequest* request,
                                         v1::SubmitFormResponse* response) {
  return RunUnary(*env_, context, Operation::kSubmitForm, *request, response,
                  &adapters::LeadBackend::SubmitForm);
}

grpc::Status LeadServiceImpl::AssociateWebActivity(grpc::ServerContext* context,
                                                   const v1::AssociateWebActivityRequest* request,
                                                   v1::AssociateWebActivityResponse* response) {
  return RunUnary(*env_, context, Operation::kAssociateWebActivity, *request, response,
                  &adapters::LeadBackend::AssociateWebActivity);
}

grpc::Status LeadServiceImpl::ListLeadPartitions(grpc::ServerContext* context,
                                                 const v1::ListLeadPartitionsRequest* request,
                                                 v1::ListLeadPartitionsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadPartitions, *request, response,
                  &adapters::LeadBackend::ListLeadPartitions);
}

grpc::Status LeadServiceImpl::UpdateLeadPartitions(grpc::ServerContext* context,
                                                   const v1::UpdateLeadPartitionsRequest* request,
                                                   v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpdateLeadPartitions, *request, response,
                  &adapters::LeadBackend::UpdateLeadPartitions);
}

grpc::Status LeadServiceImpl::StreamLeads(grpc::ServerContext* context,
                                          const v1::QueryLeadsRequest* request,
                                          grpc::ServerWriter<v1::Lead>* writer) {
  return RunStream(
      *env_, context, Operation::kQueryLeads, *request, writer, &adapters::LeadBackend::QueryLeads,
      [](const auto& page) -> const auto& { return page.leads(); });
}

}  // namespace leadgw::service
