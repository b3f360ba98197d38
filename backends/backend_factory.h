// The one place that chooses a backend class for a connection's kind (backends/registry.h)
// and stacks the connection's upstream governance under it:
//
//   backend (Marketo / HotProfile) -> stub: each send an attempt of the connection's
//   GuardedCalls (breaker, capacity gate, timeout, retries, metrics) -> CurlHttpClient
//   (pooled keep-alive handles)
#ifndef LEADGW_BACKENDS_BACKEND_FACTORY_H_
#define LEADGW_BACKENDS_BACKEND_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "backends/connection_settings.h"
#include "backends/lead_backend.h"
#include "upstream/coord/fleet.h"
#include "upstream/guard/upstream_metrics.h"

namespace leadgw::backends {

// Builds the backend serving `settings`, recording into `metrics` (whose registry gets a
// collect hook refreshing the connection's quota and token gauges at every scrape; the
// hook keeps what it reads alive). With a `fleet` (may be null), the connection's rate
// window is shared with the fleet's other replicas. INVALID_ARGUMENT for an unknown kind or
// missing credentials.
absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings,
                                                           upstream::UpstreamMetrics& metrics,
                                                           const upstream::coord::Fleet* fleet =
                                                               nullptr);

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_BACKEND_FACTORY_H_
