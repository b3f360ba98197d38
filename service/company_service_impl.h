// gRPC handlers of leadgateway.v1.CompanyService: each is one RunUnary / RunStream call.
#ifndef LEADGW_SERVICE_COMPANY_SERVICE_IMPL_H_
#define LEADGW_SERVICE_COMPANY_SERVICE_IMPL_H_

#include "leadgateway/v1/company_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class CompanyServiceImpl final : public v1::CompanyService::Service {
 public:
  // `env` must outlive the service.
  explicit CompanyServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status CreateCompanies(grpc::ServerContext* context,
                               const v1::CreateCompaniesRequest* request,
                               v1::WriteResponse* response) override;
  grpc::Status UpdateCompanies(grpc::ServerContext* context,
                               const v1::UpdateCompaniesRequest* request,
                               v1::WriteResponse* response) override;
  grpc::Status SearchCompanies(grpc::ServerContext* context,
                               const v1::SearchCompaniesRequest* request,
                               v1::SearchCompaniesResponse* response) override;
  grpc::Status StreamCompanies(grpc::ServerContext* context,
                               const v1::SearchCompaniesRequest* request,
                               grpc::ServerWriter<v1::Company>* writer) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_COMPANY_SERVICE_IMPL_H_
