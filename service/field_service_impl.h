// gRPC handlers of leadgateway.v1.FieldService: each is one RunUnary / RunStream call.
#ifndef LEADGW_SERVICE_FIELD_SERVICE_IMPL_H_
#define LEADGW_SERVICE_FIELD_SERVICE_IMPL_H_

#include "leadgateway/v1/field_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class FieldServiceImpl final : public v1::FieldService::Service {
 public:
  // `env` must outlive the service.
  explicit FieldServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status GetLeadField(grpc::ServerContext* context, const v1::GetLeadFieldRequest* request,
                            v1::LeadField* response) override;
  grpc::Status ListLeadFields(grpc::ServerContext* context,
                              const v1::ListLeadFieldsRequest* request,
                              v1::ListLeadFieldsResponse* response) override;
  grpc::Status CreateLeadFields(grpc::ServerContext* context,
                                const v1::CreateLeadFieldsRequest* request,
                                v1::WriteResponse* response) override;
  grpc::Status UpdateLeadField(grpc::ServerContext* context,
                               const v1::UpdateLeadFieldRequest* request,
                               v1::RecordResult* response) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_FIELD_SERVICE_IMPL_H_
