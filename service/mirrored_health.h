// One set of health statuses served by several gRPC servers: the gRPC port and the
// plaintext health-only port (server.health_address) must never disagree.
#ifndef LEADGW_SERVICE_MIRRORED_HEALTH_H_
#define LEADGW_SERVICE_MIRRORED_HEALTH_H_

#include <string>
#include <utility>
#include <vector>

#include "grpcpp/health_check_service_interface.h"

namespace leadgw::service {

// Forwards every status change to each server's own health service. Thread-safe as far as
// those are (gRPC's default service is); the targets must outlive this object's use.
class MirroredHealth : public grpc::HealthCheckServiceInterface {
 public:
  explicit MirroredHealth(std::vector<grpc::HealthCheckServiceInterface*> targets)
      : targets_(std::move(targets)) {}

  void SetServingStatus(const std::string& service_name, bool serving) override {
    for (auto* target : targets_) target->SetServingStatus(service_name, serving);
  }
  void SetServingStatus(bool serving) override {
    for (auto* target : targets_) target->SetServingStatus(serving);
  }
  void Shutdown() override {
    for (auto* target : targets_) target->Shutdown();
  }

 private:
  const std::vector<grpc::HealthCheckServiceInterface*> targets_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_MIRRORED_HEALTH_H_
