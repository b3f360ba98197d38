// Reading server.coordination (fleet mode) of the gateway config.
#ifndef LEADGW_SERVICE_COORDINATION_CONFIG_H_
#define LEADGW_SERVICE_COORDINATION_CONFIG_H_

#include "absl/status/statusor.h"
#include "common/secret_source.h"
#include "leadgateway/config/v1/gateway_config.pb.h"
#include "upstream/coord/fleet.h"

namespace leadgw::service {

// Fleet mode's settings; disabled (empty redis_host) when `present` is false.
// INVALID_ARGUMENT naming the key ("server.coordination.replicas: required").
absl::StatusOr<upstream::coord::FleetSettings> ResolveCoordination(
    bool present, const ::leadgateway::config::v1::CoordinationConfig& config,
    const SecretReaders& readers);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_COORDINATION_CONFIG_H_
