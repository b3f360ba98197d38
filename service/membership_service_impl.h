// gRPC handlers of leadgateway.v1.MembershipService: each is one RunUnary / RunStream call.
#ifndef LEADGW_SERVICE_MEMBERSHIP_SERVICE_IMPL_H_
#define LEADGW_SERVICE_MEMBERSHIP_SERVICE_IMPL_H_

#include "leadgateway/v1/membership_service.grpc.pb.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

class MembershipServiceImpl final : public v1::MembershipService::Service {
 public:
  // `env` must outlive the service.
  explicit MembershipServiceImpl(const RpcEnv* env) : env_(env) {}

  grpc::Status ListStaticListMembers(grpc::ServerContext* context,
                                     const v1::ListStaticListMembersRequest* request,
                                     v1::ListStaticListMembersResponse* response) override;
  grpc::Status ListLeadStaticLists(grpc::ServerContext* context,
                                   const v1::ListLeadStaticListsRequest* request,
                                   v1::ListLeadStaticListsResponse* response) override;
  grpc::Status ListProgramMembers(grpc::ServerContext* context,
                                  const v1::ListProgramMembersRequest* request,
                                  v1::ListProgramMembersResponse* response) override;
  grpc::Status ListLeadPrograms(grpc::ServerContext* context,
                                const v1::ListLeadProgramsRequest* request,
                                v1::ListLeadProgramsResponse* response) override;
  grpc::Status ListLeadSmartCampaigns(grpc::ServerContext* context,
                                      const v1::ListLeadSmartCampaignsRequest* request,
                                      v1::ListLeadSmartCampaignsResponse* response) override;
  grpc::Status AddStaticListMembers(grpc::ServerContext* context,
                                    const v1::StaticListMembersRequest* request,
                                    v1::WriteResponse* response) override;
  grpc::Status RemoveStaticListMembers(grpc::ServerContext* context,
                                       const v1::StaticListMembersRequest* request,
                                       v1::WriteResponse* response) override;
  grpc::Status CheckStaticListMembership(grpc::ServerContext* context,
                                         const v1::StaticListMembersRequest* request,
                                         v1::CheckStaticListMembershipResponse* response) override;
  grpc::Status SetProgramMemberStatus(grpc::ServerContext* context,
                                      const v1::SetProgramMemberStatusRequest* request,
                                      v1::WriteResponse* response) override;
  grpc::Status StreamStaticListMembers(grpc::ServerContext* context,
                                       const v1::ListStaticListMembersRequest* request,
                                       grpc::ServerWriter<v1::Lead>* writer) override;
  grpc::Status StreamProgramMembers(grpc::ServerContext* context,
                                    const v1::ListProgramMembersRequest* request,
                                    grpc::ServerWriter<v1::ProgramMember>* writer) override;

 private:
  const RpcEnv* env_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_MEMBERSHIP_SERVICE_IMPL_H_
