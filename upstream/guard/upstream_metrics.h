// Metric families of upstream calls, quota shaping, the circuit breaker and auth
// (docs/metrics.md), declared once here and registered once per process.
//
// UpstreamMetrics owns the family definitions; ConnectionMetrics resolves one connection's
// series. Every series of a known label set (the kind's endpoints, outcomes, retry
// reasons, rate-limit codes, rejection reasons, breaker states, cancel stages) is created
// at zero when the connection is built, so the first event of each counter shows in
// increase() and alerts on it fire (docs/metrics.md, "Series that exist from start-up").
// Only the catch-all endpoint "other" gets its series on first use. Recording takes no
// lock and allocates nothing.
#ifndef LEADGW_UPSTREAM_GUARD_UPSTREAM_METRICS_H_
#define LEADGW_UPSTREAM_GUARD_UPSTREAM_METRICS_H_

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/builder.h"
#include "metrics/lazy_series.h"
#include "upstream/breaker/circuit_breaker.h"
#include "upstream/http/request_priority.h"
#include "upstream/outcome.h"
#include "upstream/quota/capacity_gate.h"
#include "upstream/retry/retry_loop.h"
#include "upstream/settings.h"

namespace leadgw::upstream {

// Where a call stopped because its caller had gone (the `stage` label).
enum class CancelStage {
  kBeforeSend,  // before admission or an attempt: nothing sent
  kWaiting,     // while queued for capacity: nothing sent
  kInFlight,    // during the transfer: aborted
};
inline constexpr int kCancelStageCount = 3;

// "before_send", "waiting", "in_flight".
absl::string_view CancelStageName(CancelStage stage);

// The families; one instance per process (per registry).
class UpstreamMetrics {
 public:
  // Registers every family in `registry`, which must outlive this object.
  explicit UpstreamMetrics(metrics::Registry& registry);
  UpstreamMetrics(const UpstreamMetrics&) = delete;
  UpstreamMetrics& operator=(const UpstreamMetrics&) = delete;

  metrics::Registry& registry() { return registry_; }

 private:
  friend class ConnectionMetrics;

  metrics::Registry& registry_;
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& duration_;
  metrics::Family<metrics::Counter>& timeouts_;
  metrics::Family<metrics::Gauge>& endpoint_timeout_;
  metrics::Family<metrics::Counter>& retries_;
  metrics::Family<metrics::Counter>& retries_denied_;
  metrics::Family<metrics::Counter>& cancelled_;
  metrics::Family<metrics::Gauge>& in_flight_;
  metrics::Family<metrics::Counter>& rate_limited_;
  metrics::Family<metrics::Gauge>& window_calls_;
  metrics::Family<metrics::Gauge>& window_limit_;
  metrics::Family<metrics::Gauge>& window_seconds_;
  metrics::Family<metrics::Gauge>& concurrency_limit_;
  metrics::Family<metrics::Gauge>& daily_calls_;
  metrics::Family<metrics::Gauge>& daily_limit_;
  metrics::Family<metrics::Gauge>& fleet_degraded_;
  metrics::Family<metrics::Histogram>& wait_;
  metrics::Family<metrics::Counter>& rejections_;
  metrics::Family<metrics::Gauge>& circuit_state_;
  metrics::Family<metrics::Counter>& circuit_transitions_;
  metrics::Family<metrics::Counter>& token_refreshes_;
  metrics::Family<metrics::Gauge>& token_expiry_;
  metrics::Family<metrics::Histogram>& coalesced_items_;
  metrics::Family<metrics::Histogram>& coalesced_rpcs_;
  metrics::Family<metrics::Histogram>& coalesce_wait_;
};

// One connection's series. Thread-safe; methods take no lock once a series is resolved.
class ConnectionMetrics {
 public:
  // `backend` is the backend kind's name; the endpoints are settings.endpoint_timeouts'
  // keys (an unknown endpoint is recorded as "other"); `rate_limit_codes` are the
  // upstream codes of the kind's rate and quota limit answers. Creates the series of
  // every known label set at zero.
  ConnectionMetrics(UpstreamMetrics& families, const UpstreamSettings& settings,
                    absl::string_view backend, std::vector<std::string> rate_limit_codes);

  // One finished attempt. `sent` is false for calls answered locally (circuit open, no
  // capacity): they have no latency.
  void RecordCall(absl::string_view endpoint, Outcome outcome, bool sent, absl::Duration latency);
  void RecordRetry(absl::string_view endpoint, retry::RetryReason reason);
  void RecordRetryDenied() { retries_denied_.Increment(); }
  void RecordCancelled(CancelStage stage) { cancelled_[static_cast<int>(stage)]->Increment(); }
  // A rate or quota limit the upstream answered, by its upstream code (a code outside
  // the kind's list is not counted: the label set stays bounded).
  void RecordRateLimitAnswer(absl::string_view code);
  // `caller_share` is the call's index in UpstreamSettings::callers (unknown: 0).
  void RecordWait(http::RequestPriority priority, int caller_share, absl::Duration waited);
  void RecordRejection(quota::RejectReason reason, int caller_share);
  void RecordBreakerTransition(breaker::BreakerState state);
  void RecordTokenRefresh(bool ok);
  // Creates the token refresh counters and the token expiry gauge at zero, for
  // connections whose backend fetches expiring tokens (the others export none). Call
  // before the connection serves.
  void EnableTokenMetrics();
  // One coalesced upstream call of `operation`: the RPCs it carried, its items, and how
  // long its batch waited for its turn. Only operations passed to EnableCoalescing count.
  void RecordCoalescedCall(absl::string_view operation, int rpcs, int items,
                           absl::Duration waited);
  // Creates the coalescing series of `operations` (from zero, so that the first call
  // shows in increase()). Call before the connection serves; not thread-safe.
  void EnableCoalescing(const std::vector<std::string>& operations);

  metrics::Gauge& in_flight() { return in_flight_; }
  // Refreshes the quota gauges from `snapshot` (from a collect hook, at scrape time).
  void SetQuota(const quota::GateSnapshot& snapshot);
  // Seconds until the access token expires (0 when none); connections whose backend
  // fetches expiring tokens only.
  void SetTokenExpiry(absl::Duration remaining);

 private:
  struct EndpointSeries {
    // `create_now`: add every series at zero now (a known endpoint) rather than on
    // first use (the catch-all "other").
    EndpointSeries(UpstreamMetrics& families, const metrics::Labels& base,
                   const std::string& backend, const std::string& endpoint, bool create_now);
    std::vector<std::unique_ptr<metrics::LazySeries<metrics::Counter>>> requests;  // by Outcome
    metrics::LazySeries<metrics::Histogram> duration;
    metrics::LazySeries<metrics::Counter> timeouts;
    std::vector<std::unique_ptr<metrics::LazySeries<metrics::Counter>>> retries;  // by RetryReason
  };

  EndpointSeries& ForEndpoint(absl::string_view endpoint);
  // `caller_share` if it names a configured caller's series, otherwise 0.
  int CallerIndex(int caller_share) const;

  UpstreamMetrics& families_;
  const std::string connection_;
  // Built in the constructor, read-only afterwards.
  absl::flat_hash_map<std::string, std::unique_ptr<EndpointSeries>> endpoints_;
  std::unique_ptr<EndpointSeries> other_endpoint_;
  metrics::Counter& retries_denied_;
  std::array<metrics::Counter*, kCancelStageCount> cancelled_;  // by CancelStage, from zero
  metrics::Gauge& in_flight_;
  const std::vector<std::string> rate_limit_codes_;
  std::vector<metrics::Counter*> rate_limited_;  // by code, as rate_limit_codes_
  // By caller share, then by RejectReason or by priority.
  std::vector<std::array<metrics::Counter*, 4>> rejections_;
  std::vector<std::array<metrics::Histogram*, 2>> wait_;
  std::array<metrics::Counter*, 3> transitions_;  // by BreakerState
  metrics::Gauge& circuit_state_;
  metrics::LazySeries<metrics::Counter> refresh_ok_;
  metrics::LazySeries<metrics::Counter> refresh_error_;
  metrics::LazySeries<metrics::Gauge> token_expiry_;
  metrics::Gauge& window_calls_;
  metrics::Gauge& window_limit_;
  metrics::Gauge& window_seconds_;
  metrics::Gauge& concurrency_limit_;
  metrics::Gauge& daily_calls_;
  metrics::Gauge& daily_limit_;
  metrics::Gauge& fleet_degraded_;
  struct CoalescingSeries {
    metrics::Histogram* items;
    metrics::Histogram* rpcs;
    metrics::Histogram* wait;
  };
  absl::flat_hash_map<std::string, CoalescingSeries> coalescing_;  // by operation
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_UPSTREAM_METRICS_H_
