#include "backends/backend_factory.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/hotprofile/hotprofile_backend_factory.h"
#include "backends/marketo/marketo_backend_factory.h"
#include "backends/registry.h"
#include "upstream/guard/guarded_calls.h"
#include "upstream/http/curl_http_client.h"

namespace leadgw::backends {
namespace {

// What every backend of a connection shares: the transport, and the guard with its
// metrics. The collect hook keeps the quota gauges current at each scrape.
struct Governed {
  std::shared_ptr<upstream::http::HttpClient> transport;
  std::shared_ptr<upstream::coord::KeyLocks> key_locks;  // fleet mode only
  std::shared_ptr<upstream::ConnectionMetrics> metrics;
  std::shared_ptr<upstream::GuardedCalls> guard;
};

// The kind's name labels the metrics; its rate-limit codes get their series up front.
Governed Govern(const ConnectionSettings& settings, upstream::UpstreamMetrics& metrics,
                const BackendKindInfo& kind, const upstream::coord::Fleet* fleet) {
  upstream::GuardOptions options = upstream::GuardOptionsFor(settings);
  if (fleet != nullptr) {
    upstream::coord::SharedWindowOptions shared;
    shared.key_prefix = fleet->key_prefix;
    shared.connection = settings.name;
    shared.span = options.gate.window + upstream::quota::DefaultSafetyMargin(options.gate.window);
    shared.lease = fleet->lease;
    shared.replica_id = fleet->replica_id;
    shared.day_start_utc_offset = options.gate.day_start_utc_offset;
    options.gate.fleet_window = std::make_shared<upstream::coord::SharedWindow>(fleet->redis, shared);
    options.gate.fleet_replicas = fleet->replicas;
  }
  Governed out;
  if (fleet != nullptr) out.key_locks = upstream::coord::MakeKeyLocks(*fleet);
  out.transport = std::make_shared<upstream::http::CurlHttpClient>();
  out.metrics = std::make_shared<upstream::ConnectionMetrics>(metrics, settings, kind.name,
                                                              kind.rate_limit_codes);
  out.guard = std::make_shared<upstream::GuardedCalls>(settings, out.metrics, std::move(options));
  return out;
}

// What a backend's coalescer tells, into the connection's metrics: its calls, and callers
// that left a batch before it was sent (cancelled while waiting, nothing sent for them).
common::CoalescingHooks CoalescingRecorder(std::shared_ptr<upstream::ConnectionMetrics> metrics) {
  common::CoalescingHooks hooks;
  hooks.on_batch = [metrics](const common::CoalescedBatch& batch) {
    metrics->RecordCoalescedCall(batch.operation, batch.members, batch.items, batch.waited);
  };
  hooks.on_withdraw = [metrics] { metrics->RecordCancelled(upstream::CancelStage::kWaiting); };
  return hooks;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings,
                                                           upstream::UpstreamMetrics& metrics,
                                                           const upstream::coord::Fleet* fleet) {
  const BackendKindInfo* kind = FindBackendKind(settings.kind);
  if (kind == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("connection '", settings.name, "' has no known backend kind"));
  }
  Governed governed = Govern(settings, metrics, *kind, fleet);
  // The one switch on the kind outside the registry: which backend class to build.
  switch (settings.kind) {
    case ::leadgateway::v1::BACKEND_KIND_MARKETO: {
      marketo::MarketoBackendOptions options;
      options.guard = governed.guard;
      options.key_locks = governed.key_locks;
      options.key_hold_margin = settings.LongestTimeout();
      options.on_token_refresh = [connection_metrics = governed.metrics](bool ok) {
        connection_metrics->RecordTokenRefresh(ok);
      };
      governed.metrics->EnableTokenMetrics();
      governed.metrics->EnableCoalescing(marketo::kCoalescedOperations);
      options.coalescing_hooks = CoalescingRecorder(governed.metrics);
      auto backend =
          marketo::CreateMarketoBackend(settings, governed.transport, std::move(options));
      if (!backend.ok()) return backend.status();
      metrics.registry().AddCollectHook([guard = governed.guard,
                                         connection_metrics = governed.metrics,
                                         tokens = (*backend)->token_provider()] {
        connection_metrics->SetQuota(guard->gate().Snapshot());
        const absl::Time expires = tokens->expires_at();
        connection_metrics->SetTokenExpiry(expires == absl::InfinitePast() ? absl::ZeroDuration()
                                                                           : expires - absl::Now());
      });
      return std::unique_ptr<LeadBackend>(*std::move(backend));
    }
    case ::leadgateway::v1::BACKEND_KIND_HOTPROFILE: {
      governed.metrics->EnableCoalescing({"GetLead"});
      auto backend = hotprofile::CreateHotProfileBackend(
          settings, governed.transport, governed.guard, governed.key_locks,
          CoalescingRecorder(governed.metrics));
      if (!backend.ok()) return backend.status();
      metrics.registry().AddCollectHook(
          [guard = governed.guard, connection_metrics = governed.metrics] {
            connection_metrics->SetQuota(guard->gate().Snapshot());
          });
      return std::unique_ptr<LeadBackend>(*std::move(backend));
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "connection '", settings.name, "': backend kind '", kind->name, "' has no factory"));
  }
}

}  // namespace leadgw::backends
