#include "upstream/guard/guarded_http_client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/retry/backoff_policy.h"
#include "common/log.h"

namespace leadgw::upstream {
namespace {

// A stub computes its timeout a moment before the guard sends; an attempt whose remaining
// time differs by less than this goes out unchanged instead of being copied.
constexpr absl::Duration kTimeoutSlack = absl::Milliseconds(5);

// Without a hint from the upstream, a rate-limit answer pauses new calls this long.
constexpr absl::Duration kDefaultRateLimitPause = absl::Seconds(1);

class MetricsRetryObserver final : public retry::RetryObserver {
 public:
  MetricsRetryObserver(ConnectionMetrics& metrics, absl::string_view endpoint)
      : metrics_(metrics), endpoint_(endpoint) {}
  void OnRetry(retry::RetryReason reason, int, absl::Duration) override {
    metrics_.RecordRetry(endpoint_, reason);
  }
  void OnRetryDenied(retry::RetryReason) override { metrics_.RecordRetryDenied(); }

 private:
  ConnectionMetrics& metrics_;
  absl::string_view endpoint_;
};

}  // namespace

GuardOptions GuardOptionsFor(const UpstreamSettings& settings) {
  GuardOptions options;
  options.retry.max_attempts = settings.retry.max_attempts;
  options.retry.backoff.initial = settings.retry.initial_backoff;
  options.retry.backoff.maximum = settings.retry.max_backoff;
  options.breaker.failure_threshold = settings.breaker.failure_threshold;
  options.breaker.open_duration = settings.breaker.open_duration;
  options.gate = quota::GateOptionsFromLimits(settings.limits);
  return options;
}

GuardedHttpClient::GuardedHttpClient(std::string connection,
                                     std::shared_ptr<http::HttpClient> transport,
                                     std::shared_ptr<const ResponseClassifier> classifier,
                                     std::shared_ptr<ConnectionMetrics> metrics,
                                     GuardOptions options)
    : connection_(std::move(connection)),
      transport_(std::move(transport)),
      classifier_(std::move(classifier)),
      metrics_(std::move(metrics)),
      options_(std::move(options)),
      gate_(std::make_shared<quota::CapacityGate>(options_.gate)),
      breaker_(std::make_unique<breaker::CircuitBreaker>(
          [this] {
            breaker::BreakerOptions breaker = options_.breaker;
            breaker.name = connection_;
            return breaker;
          }(),
          *options_.clock,
          [metrics = metrics_](breaker::BreakerState state) {
            metrics->RecordBreakerTransition(state);
          })),
      budget_(options_.budget) {}

absl::StatusOr<http::HttpResponse> GuardedHttpClient::Send(const http::HttpRequest& request) {
  if (request.auth_replay) {
    metrics_->RecordRetry(request.endpoint, retry::RetryReason::kAuthRefresh);
  }
  retry::AttemptVerdict verdict;
  MetricsRetryObserver observer(*metrics_, request.endpoint);
  return retry::RetryLoop<http::HttpResponse>(
      options_.retry, request.idempotent, request.deadline, *options_.clock, &budget_, &observer,
      retry::RandomJitterSeed(),
      [&](int) { return Attempt(request, &verdict); },
      [&](const absl::StatusOr<http::HttpResponse>&) { return verdict; });
}

absl::StatusOr<http::HttpResponse> GuardedHttpClient::Attempt(const http::HttpRequest& request,
                                                              retry::AttemptVerdict* verdict) {
  *verdict = retry::AttemptVerdict{};  // answered locally: nothing to retry
  absl::StatusOr<breaker::CircuitBreaker::Ticket> ticket = breaker_->Allow();
  if (!ticket.ok()) {
    metrics_->RecordCall(request.endpoint, Outcome::kCircuitOpen, false, absl::ZeroDuration());
    return ticket.status();
  }
  quota::RejectReason reason = quota::RejectReason::kDeadline;
  absl::StatusOr<quota::CapacityGate::Permit> permit =
      gate_->Acquire(request.priority, request.deadline, &reason);
  if (!permit.ok()) {
    metrics_->RecordRejection(reason);
    metrics_->RecordCall(request.endpoint, Outcome::kNoCapacity, false, absl::ZeroDuration());
    return permit.status();
  }
  metrics_->RecordWait(request.priority, permit->waited());

  const absl::Duration endpoint_timeout =
      request.upstream_timeout > absl::ZeroDuration() ? request.upstream_timeout : request.timeout;
  const absl::Time start = absl::Now();
  const absl::Duration timeout = std::min(endpoint_timeout, request.deadline - start);
  if (timeout <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(absl::StrCat(
        "deadline passed before the call to ", request.endpoint, " could be sent"));
  }
  absl::StatusOr<http::HttpResponse> result;
  metrics_->in_flight().Increment();
  if (request.timeout <= timeout + kTimeoutSlack) {
    result = transport_->Send(request);
  } else {
    // The wait for capacity ate into the deadline: this attempt gets what is left.
    http::HttpRequest shortened = request;
    shortened.timeout = timeout;
    result = transport_->Send(shortened);
  }
  metrics_->in_flight().Decrement();
  const absl::Time end = absl::Now();

  const Classification classification = classifier_->Classify(result, end);
  if (classification.outcome == Outcome::kTimeout) {
    // Abandoned, yet it may still run upstream until its own timeout: keep its slot.
    permit->HoldUntil(start + endpoint_timeout);
  }
  if (!classification.rate_limit_code.empty()) {
    metrics_->RecordRateLimitAnswer(classification.rate_limit_code);
    if (classification.outcome == Outcome::kQuotaExhausted) {
      gate_->NoteDailyQuotaExhausted();
    } else {
      const absl::Duration pause = classification.verdict.retry_after > absl::ZeroDuration()
                                       ? classification.verdict.retry_after
                                       : kDefaultRateLimitPause;
      gate_->NoteRateLimited(pause);
    }
  }
  // A timeout cut short by the caller's deadline says nothing about the upstream (callers
  // with tight deadlines must not open the breaker for everyone): the ticket is dropped.
  const bool cut_by_deadline =
      classification.outcome == Outcome::kTimeout && timeout < endpoint_timeout;
  if (!cut_by_deadline) {
    breaker_->Record(*std::move(ticket), !IsUpstreamFailure(classification.outcome));
  }
  metrics_->RecordCall(request.endpoint, classification.outcome, true, end - start);
  if (LogEnabled(LogLevel::kDebug)) {
    Log(LogLevel::kDebug, "upstream call",
        {{"connection", connection_},
         {"endpoint", request.endpoint},
         {"outcome", std::string(OutcomeName(classification.outcome))},
         {"latency_ms", absl::StrCat(absl::ToDoubleMilliseconds(end - start))},
         {"waited_ms", absl::StrCat(absl::ToDoubleMilliseconds(permit->waited()))},
         {"request_id", request.request_id}});
  }
  *verdict = classification.verdict;
  return result;
}

}  // namespace leadgw::upstream
