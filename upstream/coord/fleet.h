// Fleet mode's settings and what the connections of one process share in it: one Redis
// client (for the shared windows and the duplicate guard's locks), the key prefix of the
// deployment, this process's replica id.
#ifndef LEADGW_UPSTREAM_COORD_FLEET_H_
#define LEADGW_UPSTREAM_COORD_FLEET_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/secret.h"
#include "upstream/coord/coordination_metrics.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::upstream::coord {

// Resolved from the config's server.coordination (service/config).
struct FleetSettings {
  std::string redis_host;  // empty: fleet mode off
  int redis_port = 6379;
  Secret redis_password;
  std::string key_prefix = "leadgw";
  // N of the 1/N share each replica keeps while Redis is unreachable.
  int replicas = 1;
  // How long a slot stays taken when its replica died before ending the call.
  absl::Duration lease = absl::Minutes(5);

  bool enabled() const { return !redis_host.empty(); }
};

struct Fleet {
  std::shared_ptr<RedisClient> redis;
  std::string key_prefix;
  std::string replica_id;  // unique per process: host name, pid and a random part
  int replicas = 1;
  absl::Duration lease;
};

// The fleet of `settings` (enabled() must hold). Nothing connects yet: the Redis client
// connects at its first call, so a gateway starts while Redis is down (and degrades).
// `on_reachability_change` (may be empty) is told when Redis stops or starts answering
// (RedisOptions::on_reachability_change); `metrics` (may be null; must outlive the fleet)
// records every round trip.
Fleet MakeFleet(const FleetSettings& settings,
                std::function<void(bool reachable)> on_reachability_change = {},
                CoordinationMetrics* metrics = nullptr);

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_FLEET_H_
