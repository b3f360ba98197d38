// gRPC handlers of leadgateway.v1.CardSyncService (card_sync/ does the work): two
// connections per call, links and cursor in the job journal.
#ifndef LEADGW_SERVICE_CARD_SYNC_SERVICE_IMPL_H_
#define LEADGW_SERVICE_CARD_SYNC_SERVICE_IMPL_H_

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "jobs/journal.h"
#include "leadgateway/v1/card_sync_service.grpc.pb.h"
#include "service/rpc_runner.h"
#include "upstream/coord/key_locks.h"

namespace leadgw::service {

class CardSyncServiceImpl final : public v1::CardSyncService::Service {
 public:
  // `env` must outlive the service; `journal` too, or null when jobs are off (then every
  // call answers FAILED_PRECONDITION). `fleet_locks`: in fleet mode, what keeps one run of
  // a sync name across the replicas (null otherwise).
  CardSyncServiceImpl(const RpcEnv* env, jobs::JobJournal* journal,
                      std::shared_ptr<upstream::coord::KeyLocks> fleet_locks = nullptr)
      : env_(env), journal_(journal), fleet_locks_(std::move(fleet_locks)) {}

  grpc::Status SyncCardsToLeads(grpc::ServerContext* context,
                                const v1::SyncCardsToLeadsRequest* request,
                                grpc::ServerWriter<v1::SyncCardsProgress>* writer) override;
  grpc::Status ListCardLinks(grpc::ServerContext* context,
                             const v1::ListCardLinksRequest* request,
                             v1::ListCardLinksResponse* response) override;

 private:
  absl::Status Sync(grpc::ServerContext& context, rpc_internal::RpcScope& scope,
                    const v1::SyncCardsToLeadsRequest& request,
                    grpc::ServerWriter<v1::SyncCardsProgress>& writer);
  absl::Status ListLinks(rpc_internal::RpcScope& scope, const v1::ListCardLinksRequest& request,
                         v1::ListCardLinksResponse& response);

  const RpcEnv* const env_;
  jobs::JobJournal* const journal_;
  const std::shared_ptr<upstream::coord::KeyLocks> fleet_locks_;
  // Syncs running in this process: a second run of one sync would push its people twice.
  std::mutex running_mu_;
  std::set<std::string> running_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_CARD_SYNC_SERVICE_IMPL_H_
