// gRPC handlers of leadgateway.v1.LeadService: each is one RunUnary / RunStream call.
#ifndef LEADGW_SERVICE_LEAD_SERVICE_IMPL_H_
#define LEADGW_SERVICE_LEAD_SERVICE_IMPL_H_

#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class LeadServiceImpl final : public v1::LeadService::Service {
 public:
  // `env` must outlive the service.
  explicit LeadServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status DescribeLeads(grpc::ServerContext* context, const v1::DescribeLeadsRequest* request,
                             v1::DescribeLeadsResponse* response) override;
  grpc::Status GetLead(grpc::ServerContext* context, const v1::GetLeadRequest* request,
                       v1::Lead* response) override;
  grpc::Status QueryLeads(grpc::ServerContext* context, const v1::QueryLeadsRequest* request,
                          v1::QueryLeadsResponse* response) override;
  grpc::Status UpsertLeads(grpc::ServerContext* context, const v1::UpsertLeadsRequest* request,
                           v1::WriteResponse* response) override;
  grpc::Status DeleteLeads(grpc::ServerContext* context, const v1::DeleteLeadsRequest* request,
                           v1::WriteResponse* response) override;
  grpc::Status MergeLeads(grpc::ServerContext* context, const v1::MergeLeadsRequest* request,
                          v1::MergeLeadsResponse* response) override;
  grpc::Status PushLeads(grpc::ServerContext* context, const v1::PushLeadsRequest* request,
                         v1::WriteResponse* response) override;
  grpc::Status SubmitForm(grpc::ServerContext* context, const v1::SubmitFormRequest* request,
                          v1::SubmitFormResponse* response) override;
  grpc::Status AssociateWebActivity(grpc::ServerContext* context,
                                    const v1::AssociateWebActivityRequest* request,
                                    v1::AssociateWebActivityResponse* response) override;
  grpc::Status ListLeadPartitions(grpc::ServerContext* context,
                                  const v1::ListLeadPartitionsRequest* request,
                                  v1::ListLeadPartitionsResponse* response) override;
  grpc::Status UpdateLeadPartitions(grpc::ServerContext* context,
                                    const v1::UpdateLeadPartitionsRequest* request,
                                    v1::WriteResponse* response) override;
  grpc::Status StreamLeads(grpc::ServerContext* context, const v1::QueryLeadsRequest* request,
                           grpc::ServerWriter<v1::Lead>* writer) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_LEAD_SERVICE_IMPL_H_
