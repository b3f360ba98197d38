#include "service/coordination_config.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/config_values.h"
#include "common/status_macros.h"

namespace leadgw::service {

absl::StatusOr<upstream::coord::FleetSettings> ResolveCoordination(
    bool present, const ::leadgateway::config::v1::CoordinationConfig& config,
    const SecretReaders& readers) {
  upstream::coord::FleetSettings fleet;
  if (!present) return fleet;
  constexpr char kKey[] = "server.coordination";
  const std::string address = config.redis_address();
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 1 || port > 65535) {
    return ConfigKeyError(absl::StrCat(kKey, ".redis_address"),
                          "must be host:port with a port of 1-65535");
  }
  fleet.redis_host = address.substr(0, colon);
  fleet.redis_port = port;
  if (config.has_redis_password()) {
    LEADGW_ASSIGN_OR_RETURN(fleet.redis_password,
                            ResolveSecret(true, config.redis_password(), readers,
                                          absl::StrCat(kKey, ".redis_password")));
  }
  if (!config.key_prefix().empty()) fleet.key_prefix = config.key_prefix();
  if (!config.has_replicas()) {
    return ConfigKeyError(absl::StrCat(kKey, ".replicas"),
                          "required: each replica's share while Redis is unreachable");
  }
  if (config.replicas() < 1 || config.replicas() > 1000) {
    return ConfigKeyError(absl::StrCat(kKey, ".replicas"), "must be 1-1000");
  }
  fleet.replicas = static_cast<int>(config.replicas());
  absl::StatusOr<absl::Duration> lease =
      PositiveDuration(config.has_lease(), config.lease(), fleet.lease, absl::Hours(1),
                       absl::StrCat(kKey, ".lease"));
  if (!lease.ok()) return lease.status();
  fleet.lease = *lease;
  return fleet;
}

}  // namespace leadgw::service
