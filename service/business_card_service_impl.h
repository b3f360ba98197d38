// gRPC handlers of leadgateway.v1.BusinessCardService: each is one RunUnary / RunStream call.
#ifndef LEADGW_SERVICE_BUSINESS_CARD_SERVICE_IMPL_H_
#define LEADGW_SERVICE_BUSINESS_CARD_SERVICE_IMPL_H_

#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class BusinessCardServiceImpl final : public v1::BusinessCardService::Service {
 public:
  // `env` must outlive the service.
  explicit BusinessCardServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status CreateBusinessCards(grpc::ServerContext* context,
                                   const v1::CreateBusinessCardsRequest* request,
                                   v1::WriteResponse* response) override;
  grpc::Status UpdateBusinessCards(grpc::ServerContext* context,
                                   const v1::UpdateBusinessCardsRequest* request,
                                   v1::WriteResponse* response) override;
  grpc::Status SearchBusinessCards(grpc::ServerContext* context,
                                   const v1::SearchBusinessCardsRequest* request,
                                   v1::SearchBusinessCardsResponse* response) override;
  grpc::Status StreamBusinessCards(grpc::ServerContext* context,
                                   const v1::SearchBusinessCardsRequest* request,
                                   grpc::ServerWriter<v1::BusinessCard>* writer) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_BUSINESS_CARD_SERVICE_IMPL_H_
