#include "upstream/coord/fleet.h"

#include <unistd.h>

#include <random>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::upstream::coord {

Fleet MakeFleet(const FleetSettings& settings,
                std::function<void(bool reachable)> on_reachability_change,
                CoordinationMetrics* metrics) {
  RedisOptions options;
  options.on_reachability_change = std::move(on_reachability_change);
  if (metrics != nullptr) {
    options.on_command = [metrics](absl::string_view op, absl::Duration took, bool failed) {
      metrics->Record(op, took, failed);
    };
  }
  options.host = settings.redis_host;
  options.port = settings.redis_port;
  options.password = settings.redis_password;
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::random_device random;
  Fleet fleet;
  fleet.redis = std::make_shared<RedisClient>(options);
  fleet.key_prefix = settings.key_prefix;
  fleet.replica_id = absl::StrCat(host, "-", getpid(), "-", absl::Hex(random()));
  fleet.replicas = settings.replicas;
  fleet.lease = settings.lease;
  return fleet;
}

}  // namespace leadgw::upstream::coord
