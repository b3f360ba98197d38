#include "service/company_service_impl.h"

namespace leadgw::service {

using backends::Operation;

grpc::Status CompanyServiceImpl::CreateCompanies(grpc::ServerContext* context,
                                                 const v1::CreateCompaniesRequest* request,
                                                 v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kCreateCompanies, *request, response,
                  &backends::LeadBackend::CreateCompanies);
}

grpc::Status CompanyServiceImpl::UpdateCompanies(grpc::ServerContext* context,
                                                 const v1::UpdateCompaniesRequest* request,
                                                 v1::WriteResponse* response) {
  return RunUnary(*env_, context, Operation::kUpdateCompanies, *request, response,
                  &backends::LeadBackend::UpdateCompanies);
}

grpc::Status CompanyServiceImpl::SearchCompanies(grpc::ServerContext* context,
                                                 const v1::SearchCompaniesRequest* request,
                                                 v1::SearchCompaniesResponse* response) {
  return RunUnary(*env_, context, Operation::kSearchCompanies, *request, response,
                  &backends::LeadBackend::SearchCompanies);
}

grpc::Status CompanyServiceImpl::StreamCompanies(grpc::ServerContext* context,
                                                 const v1::SearchCompaniesRequest* request,
                                                 grpc::ServerWriter<v1::Company>* writer) {
  return RunStream(
      *env_, context, Operation::kSearchCompanies, *request, writer,
      &backends::LeadBackend::SearchCompanies,
      [](const auto& page) -> const auto& { return page.companies(); });
}

}  // namespace leadgw::service
