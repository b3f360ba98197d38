#include "service/field_service_impl.h"

namespace leadgw::service {

using backends::Operation;

grpc::Status FieldServiceImpl::GetLeadField(grpc::ServerContext* context,
                                            const v1::GetLeadFieldRequest* request,
                                            v1::LeadField* response) {
  return RunUnary(*env_, context, Operation::kGetLeadField, *request, response,
                  &backends::LeadBackend::GetLeadField);
}

grpc::Status FieldServiceImpl::ListLeadFields(grpc::ServerContext* context,
                                              const v1::ListLeadFieldsRequest* request,
                                              v1::ListLeadFieldsResponse* response) {
  return RunUnary(*env_, context, Operation::kListLeadFields, *request, response,
                  &backends::LeadBackend::ListLeadFields);
}

grpc::Status FieldServiceImpl::CreateLeadFields(grpc::ServerContext* context,
                                                const v1::CreateLeadFieldsRequest* request,
                                                v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kCreateLeadFields, *request, response,
                  &backends::LeadBackend::CreateLeadFields);
}

grpc::Status FieldServiceImpl::UpdateLeadField(grpc::ServerContext* context,
                                               const v1::UpdateLeadFieldRequest* request,
                                               v1::RecordResult* response) {
  return RunUnary(*env_, context, Operation::kUpdateLeadField, *request, response,
                  &backends::LeadBackend::UpdateLeadField);
}

}  // namespace leadgw::service
