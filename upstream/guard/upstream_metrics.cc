#include "upstream/guard/upstream_metrics.h"

#include <utility>

namespace leadgw::upstream {
namespace {

using metrics::BuildCounter;
using metrics::BuildGauge;
using metrics::BuildHistogram;

// Upstream latencies span loopback (sub-millisecond) to the longest endpoint timeouts (minutes).
const metrics::Histogram::BucketBoundaries& UpstreamBuckets() {
  static const auto* const kBuckets = new metrics::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 90, 180};
  return *kBuckets;
}

// Waits for capacity last from nothing to a whole rate window (20-60 s).
const metrics::Histogram::BucketBoundaries& WaitBuckets() {
  static const auto* const kBuckets = new metrics::Histogram::BucketBoundaries{
      0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60};
  return *kBuckets;
}

// Records (or RPCs) per coalesced call: 1 to the largest batch an upstream takes (300).
const metrics::Histogram::BucketBoundaries& BatchBuckets() {
  static const auto* const kBuckets = new metrics::Histogram::BucketBoundaries{
      1, 2, 5, 10, 25, 50, 100, 200, 300};
  return *kBuckets;
}

}  // namespace

absl::string_view CancelStageName(CancelStage stage) {
  switch (stage) {
    case CancelStage::kBeforeSend:
      return "before_send";
    case CancelStage::kWaiting:
      return "waiting";
    case CancelStage::kInFlight:
      return "in_flight";
  }
  return "before_send";
}

UpstreamMetrics::UpstreamMetrics(metrics::Registry& registry)
    : registry_(registry),
      requests_(BuildCounter()
                    .Name("leadgw_upstream_requests_total")
                    .Help("Upstream calls (token calls and retries included) by outcome; "
                          "circuit_open and no_capacity were answered without sending.")
                    .LabelNames({"connection", "backend", "endpoint", "outcome"})
                    .Register(registry)),
      duration_(BuildHistogram()
                    .Name("leadgw_upstream_request_duration_seconds")
                    .Help("Time from sending an upstream call to its answer or timeout.")
                    .LabelNames({"connection", "endpoint"})
                    .Buckets(UpstreamBuckets())
                    .Register(registry)),
      timeouts_(BuildCounter()
                    .Name("leadgw_upstream_timeouts_total")
                    .Help("Upstream calls abandoned at their timeout.")
                    .LabelNames({"connection", "endpoint"})
                    .Register(registry)),
      endpoint_timeout_(BuildGauge()
                            .Name("leadgw_upstream_endpoint_timeout_seconds")
                            .Help("The configured timeout of each upstream endpoint.")
                            .LabelNames({"connection", "endpoint"})
                            .Register(registry)),
      retries_(BuildCounter()
                   .Name("leadgw_upstream_retries_total")
                   .Help("Upstream attempts after the first, by reason.")
                   .LabelNames({"connection", "endpoint", "reason"})
                   .Register(registry)),
      retries_denied_(BuildCounter()
                          .Name("leadgw_upstream_retries_denied_total")
                          .Help("Retries skipped because the connection's retry budget was spent.")
                          .LabelNames({"connection"})
                          .Register(registry)),
      cancelled_(BuildCounter()
                     .Name("leadgw_upstream_cancelled_total")
                     .Help("Upstream calls stopped because their caller had gone, by stage: "
                           "before_send and waiting sent nothing, in_flight was aborted.")
                     .LabelNames({"connection", "stage"})
                     .Register(registry)),
      in_flight_(BuildGauge()
                     .Name("leadgw_upstream_in_flight")
                     .Help("Upstream calls sent and not answered yet.")
                     .LabelNames({"connection"})
                     .Register(registry)),
      rate_limited_(BuildCounter()
                        .Name("leadgw_upstream_rate_limited_total")
                        .Help("Rate or quota limit answers from the upstream, by code.")
                        .LabelNames({"connection", "code"})
                        .Register(registry)),
      window_calls_(BuildGauge()
                        .Name("leadgw_quota_window_calls")
                        .Help("Calls inside the current rolling rate window.")
                        .LabelNames({"connection"})
                        .Register(registry)),
      window_limit_(BuildGauge()
                        .Name("leadgw_quota_window_limit")
                        .Help("Calls the gateway allows itself per rolling window now: the configured limit, lowered while rate-limit answers show the account is shared.")
                        .LabelNames({"connection"})
                        .Register(registry)),
      window_seconds_(BuildGauge()
                          .Name("leadgw_quota_window_seconds")
                          .Help("Length of the rolling rate window.")
                          .LabelNames({"connection"})
                          .Register(registry)),
      concurrency_limit_(BuildGauge()
                             .Name("leadgw_quota_concurrency_limit")
                             .Help("Concurrent upstream calls allowed (0: no cap).")
                             .LabelNames({"connection"})
                             .Register(registry)),
      daily_calls_(BuildGauge()
                       .Name("leadgw_quota_daily_calls")
                       .Help("Calls counted in the current upstream day.")
                       .LabelNames({"connection"})
                       .Register(registry)),
      daily_limit_(BuildGauge()
                       .Name("leadgw_quota_daily_limit")
                       .Help("The daily call quota (0: none).")
                       .LabelNames({"connection"})
                       .Register(registry)),
      fleet_degraded_(BuildGauge()
                          .Name("leadgw_quota_fleet_degraded")
                          .Help("1 while the connection's link to the fleet's Redis is down or "
                                "recovering: the replica keeps to its 1/N share of the window.")
                          .LabelNames({"connection"})
                          .Register(registry)),
      wait_(BuildHistogram()
                .Name("leadgw_quota_wait_seconds")
                .Help("Time upstream calls waited for capacity, by priority and by the caller they were made for.")
                .LabelNames({"connection", "priority", "caller"})
                .Buckets(WaitBuckets())
                .Register(registry)),
      rejections_(BuildCounter()
                      .Name("leadgw_quota_rejections_total")
                      .Help("Calls refused locally because capacity would not come in time, by the caller they were made for.")
                      .LabelNames({"connection", "reason", "caller"})
                      .Register(registry)),
      circuit_state_(BuildGauge()
                         .Name("leadgw_circuit_state")
                         .Help("Circuit breaker state: 0 closed, 1 half-open, 2 open.")
                         .LabelNames({"connection"})
                         .Register(registry)),
      circuit_transitions_(BuildCounter()
                               .Name("leadgw_circuit_transitions_total")
                               .Help("Circuit breaker state changes, by the state entered.")
                               .LabelNames({"connection", "state"})
                               .Register(registry)),
      token_refreshes_(BuildCounter()
                           .Name("leadgw_auth_token_refreshes_total")
                           .Help("Access token requests to the identity endpoint, by outcome.")
                           .LabelNames({"connection", "outcome"})
                           .Register(registry)),
      token_expiry_(BuildGauge()
                        .Name("leadgw_auth_token_expiry_seconds")
                        .Help("Seconds until the cached access token expires (0: none).")
                        .LabelNames({"connection"})
                        .Register(registry)),
      coalesced_items_(BuildHistogram()
                             .Name("leadgw_coalesced_call_records")
                             .Help("Items (records or filter values) per coalesced upstream call.")
                             .LabelNames({"connection", "operation"})
                             .Buckets(BatchBuckets())
                             .Register(registry)),
      coalesced_rpcs_(BuildHistogram()
                             .Name("leadgw_coalesced_call_rpcs")
                             .Help("RPCs sharing one coalesced upstream call, by operation.")
                             .LabelNames({"connection", "operation"})
                             .Buckets(BatchBuckets())
                             .Register(registry)),
      coalesce_wait_(BuildHistogram()
                         .Name("leadgw_coalesce_wait_seconds")
                         .Help("Time a coalesced batch waited for its turn, by operation.")
                         .LabelNames({"connection", "operation"})
                         .Buckets(WaitBuckets())
                         .Register(registry)) {}

ConnectionMetrics::EndpointSeries::EndpointSeries(UpstreamMetrics& families,
                                                  const metrics::Labels& base,
                                                  const std::string& backend,
                                                  const std::string& endpoint, bool create_now)
    : duration(families.duration_, [&] {
        metrics::Labels labels = base;
        labels["endpoint"] = endpoint;
        return labels;
      }()),
      timeouts(families.timeouts_, [&] {
        metrics::Labels labels = base;
        labels["endpoint"] = endpoint;
        return labels;
      }()) {
  for (int i = 0; i < kOutcomeCount; ++i) {
    metrics::Labels labels = base;
    labels["backend"] = backend;
    labels["endpoint"] = endpoint;
    labels["outcome"] = std::string(OutcomeName(static_cast<Outcome>(i)));
    requests.push_back(
        std::make_unique<metrics::LazySeries<metrics::Counter>>(families.requests_, std::move(labels)));
  }
  for (retry::RetryReason reason :
       {retry::RetryReason::kRateLimited, retry::RetryReason::kServerError,
        retry::RetryReason::kTimeout, retry::RetryReason::kConnectionError,
        retry::RetryReason::kAuthRefresh}) {
    metrics::Labels labels = base;
    labels["endpoint"] = endpoint;
    labels["reason"] = std::string(retry::RetryReasonName(reason));
    retries.push_back(
        std::make_unique<metrics::LazySeries<metrics::Counter>>(families.retries_, std::move(labels)));
  }
  if (!create_now) return;
  duration.Get();
  timeouts.Get();
  for (const auto& series : requests) series->Get();
  for (const auto& series : retries) series->Get();
}

ConnectionMetrics::ConnectionMetrics(UpstreamMetrics& families,
                                     const UpstreamSettings& settings,
                                     absl::string_view backend,
                                     std::vector<std::string> rate_limit_codes)
    : families_(families),
      connection_(settings.name),
      retries_denied_(families.retries_denied_.Add({{"connection", settings.name}})),
      in_flight_(families.in_flight_.Add({{"connection", settings.name}})),
      rate_limit_codes_(std::move(rate_limit_codes)),
      circuit_state_(families.circuit_state_.Add({{"connection", settings.name}})),
      refresh_ok_(families.token_refreshes_, {{"connection", settings.name}, {"outcome", "ok"}}),
      refresh_error_(families.token_refreshes_,
                     {{"connection", settings.name}, {"outcome", "error"}}),
      token_expiry_(families.token_expiry_, {{"connection", settings.name}}),
      window_calls_(families.window_calls_.Add({{"connection", settings.name}})),
      window_limit_(families.window_limit_.Add({{"connection", settings.name}})),
      window_seconds_(families.window_seconds_.Add({{"connection", settings.name}})),
      concurrency_limit_(families.concurrency_limit_.Add({{"connection", settings.name}})),
      daily_calls_(families.daily_calls_.Add({{"connection", settings.name}})),
      daily_limit_(families.daily_limit_.Add({{"connection", settings.name}})),
      fleet_degraded_(families.fleet_degraded_.Add({{"connection", settings.name}})) {
  const metrics::Labels base = {{"connection", settings.name}};
  const std::string backend_name(backend);
  for (const auto& [endpoint, timeout] : settings.endpoint_timeouts) {
    endpoints_[endpoint] =
        std::make_unique<EndpointSeries>(families, base, backend_name, endpoint, /*create_now=*/true);
    families.endpoint_timeout_.Add({{"connection", settings.name}, {"endpoint", endpoint}})
        .Set(absl::ToDoubleSeconds(timeout));
  }
  // "other" stands for endpoints missing from the kind's table: none, normally.
  other_endpoint_ =
      std::make_unique<EndpointSeries>(families, base, backend_name, "other", /*create_now=*/false);
  for (const std::string& code : rate_limit_codes_) {
    rate_limited_.push_back(
        &families.rate_limited_.Add({{"connection", settings.name}, {"code", code}}));
  }
  std::vector<std::string> callers;
  for (const CallerShare& caller : settings.callers) callers.push_back(caller.name);
  if (callers.empty()) callers.push_back(kAnonymousCaller);
  for (const std::string& caller : callers) {
    auto& rejections = rejections_.emplace_back();
    for (quota::RejectReason reason :
         {quota::RejectReason::kRateWindow, quota::RejectReason::kDailyQuota,
          quota::RejectReason::kConcurrency, quota::RejectReason::kDeadline}) {
      rejections[static_cast<int>(reason)] = &families.rejections_.Add(
          {{"connection", settings.name},
           {"reason", std::string(quota::RejectReasonName(reason))},
           {"caller", caller}});
    }
    auto& wait = wait_.emplace_back();
    for (http::RequestPriority priority :
         {http::RequestPriority::kInteractive, http::RequestPriority::kBulk}) {
      wait[static_cast<int>(priority)] = &families.wait_.Add(
          {{"connection", settings.name},
           {"priority", std::string(http::RequestPriorityName(priority))},
           {"caller", caller}});
    }
  }
  for (breaker::BreakerState state : {breaker::BreakerState::kClosed, breaker::BreakerState::kHalfOpen,
                                    breaker::BreakerState::kOpen}) {
    transitions_[static_cast<int>(state)] = &families.circuit_transitions_.Add(
        {{"connection", settings.name}, {"state", std::string(breaker::BreakerStateName(state))}});
  }
  for (CancelStage stage :
       {CancelStage::kBeforeSend, CancelStage::kWaiting, CancelStage::kInFlight}) {
    cancelled_[static_cast<int>(stage)] = &families.cancelled_.Add(
        {{"connection", settings.name}, {"stage", std::string(CancelStageName(stage))}});
  }
  window_limit_.Set(settings.limits.calls_per_window);
  window_seconds_.Set(absl::ToDoubleSeconds(settings.limits.window));
  concurrency_limit_.Set(settings.limits.max_concurrent);
  daily_limit_.Set(settings.limits.daily_quota);
}

ConnectionMetrics::EndpointSeries& ConnectionMetrics::ForEndpoint(absl::string_view endpoint) {
  auto it = endpoints_.find(endpoint);
  return it == endpoints_.end() ? *other_endpoint_ : *it->second;
}

void ConnectionMetrics::RecordCall(absl::string_view endpoint, Outcome outcome, bool sent,
                                   absl::Duration latency) {
  EndpointSeries& series = ForEndpoint(endpoint);
  series.requests[static_cast<int>(outcome)]->Get().Increment();
  if (!sent) return;
  series.duration.Get().Observe(absl::ToDoubleSeconds(latency));
  if (outcome == Outcome::kTimeout) series.timeouts.Get().Increment();
}

void ConnectionMetrics::RecordRetry(absl::string_view endpoint, retry::RetryReason reason) {
  ForEndpoint(endpoint).retries[static_cast<int>(reason)]->Get().Increment();
}

void ConnectionMetrics::RecordRateLimitAnswer(absl::string_view code) {
  for (size_t i = 0; i < rate_limit_codes_.size(); ++i) {
    if (rate_limit_codes_[i] == code) rate_limited_[i]->Increment();
  }
}

int ConnectionMetrics::CallerIndex(int caller_share) const {
  return caller_share >= 0 && caller_share < static_cast<int>(wait_.size()) ? caller_share : 0;
}

void ConnectionMetrics::RecordWait(http::RequestPriority priority, int caller_share,
                                   absl::Duration waited) {
  wait_[CallerIndex(caller_share)][static_cast<int>(priority)]->Observe(
      absl::ToDoubleSeconds(waited));
}

void ConnectionMetrics::EnableCoalescing(const std::vector<std::string>& operations) {
  for (const std::string& operation : operations) {
    const metrics::Labels labels = {{"connection", connection_}, {"operation", operation}};
    coalescing_[operation] = CoalescingSeries{&families_.coalesced_items_.Add(labels),
                                              &families_.coalesced_rpcs_.Add(labels),
                                              &families_.coalesce_wait_.Add(labels)};
  }
}

void ConnectionMetrics::RecordCoalescedCall(absl::string_view operation, int rpcs, int items,
                                            absl::Duration waited) {
  auto it = coalescing_.find(operation);
  if (it == coalescing_.end()) return;
  it->second.items->Observe(items);
  it->second.rpcs->Observe(rpcs);
  it->second.wait->Observe(absl::ToDoubleSeconds(waited));
}

void ConnectionMetrics::RecordRejection(quota::RejectReason reason, int caller_share) {
  rejections_[CallerIndex(caller_share)][static_cast<int>(reason)]->Increment();
}

void ConnectionMetrics::RecordBreakerTransition(breaker::BreakerState state) {
  transitions_[static_cast<int>(state)]->Increment();
  circuit_state_.Set(state == breaker::BreakerState::kClosed     ? 0
                     : state == breaker::BreakerState::kHalfOpen ? 1
                                                               : 2);
}

void ConnectionMetrics::RecordTokenRefresh(bool ok) {
  (ok ? refresh_ok_ : refresh_error_).Get().Increment();
}

void ConnectionMetrics::EnableTokenMetrics() {
  refresh_ok_.Get();
  refresh_error_.Get();
  token_expiry_.Get();
}

void ConnectionMetrics::SetQuota(const quota::GateSnapshot& snapshot) {
  window_calls_.Set(snapshot.window_calls);
  window_limit_.Set(snapshot.window_limit);
  window_seconds_.Set(absl::ToDoubleSeconds(snapshot.window));
  concurrency_limit_.Set(snapshot.concurrency_limit);
  daily_calls_.Set(static_cast<double>(snapshot.daily_calls));
  daily_limit_.Set(snapshot.daily_limit);
  fleet_degraded_.Set(snapshot.fleet_degraded ? 1 : 0);
}

void ConnectionMetrics::SetTokenExpiry(absl::Duration remaining) {
  token_expiry_.Get().Set(std::max(0.0, absl::ToDoubleSeconds(remaining)));
}

}  // namespace leadgw::upstream
