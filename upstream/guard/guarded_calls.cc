#include "upstream/guard/guarded_calls.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "upstream/retry/backoff_policy.h"
#include "upstream/upstream_error.h"
#include "upstream/upstream_timeout.h"

namespace leadgw::upstream {
namespace {

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
  for (const CallerShare& caller : settings.callers) {
    options.gate.share_weights.push_back(caller.weight);
    // Whole calls, at least one for any reserve at all.
    const int reserved = settings.limits.calls_per_window * caller.reserve_percent / 100;
    options.gate.reserved_calls.push_back(caller.reserve_percent > 0 ? std::max(reserved, 1) : 0);
  }
  return options;
}

GuardedCalls::GuardedCalls(UpstreamSettings settings, std::shared_ptr<ConnectionMetrics> metrics,
                           GuardOptions options)
    : settings_(std::move(settings)),
      metrics_(std::move(metrics)),
      options_(std::move(options)),
      gate_(std::make_shared<quota::CapacityGate>(options_.gate)),
      breaker_(std::make_unique<breaker::CircuitBreaker>(
          [this] {
            breaker::BreakerOptions breaker = options_.breaker;
            breaker.name = settings_.name;
            return breaker;
          }(),
          *options_.clock,
          [metrics = metrics_](breaker::BreakerState state) {
            metrics->RecordBreakerTransition(state);
          })),
      budget_(options_.budget) {}

absl::Status GuardedCalls::Run(const CallSpec& spec,
                               absl::FunctionRef<absl::Status(const upstream::Attempt&)> attempt) {
  if (spec.auth_replay) {
    metrics_->RecordRetry(spec.endpoint, retry::RetryReason::kAuthRefresh);
  }
  retry::AttemptVerdict verdict;
  bool sent = false;
  absl::Status limit_answer;  // the last rate-limit answer, if any
  MetricsRetryObserver observer(*metrics_, spec.endpoint);
  absl::StatusOr<bool> result = retry::RetryLoop<bool>(
      options_.retry, spec.idempotent, spec.deadline, *options_.clock, &budget_, &observer,
      retry::RandomJitterSeed(),
      [&](int number) -> absl::StatusOr<bool> {
        absl::Status status = Attempt(spec, number, attempt, &verdict, &sent);
        if (OutcomeOf(status) == Outcome::kRateLimited) limit_answer = status;
        if (!status.ok()) return status;
        return true;
      },
      [&](const absl::StatusOr<bool>&) { return verdict; });
  if (OutcomeOf(result.status()) == Outcome::kRateLimited) {
    return NoCapacityAfterLimitAnswer(result.status());
  }
  // The retry after a rate-limit answer could not go in time: the limit is to blame, not
  // the caller's deadline.
  if (!limit_answer.ok() && !sent &&
      result.status().code() == absl::StatusCode::kDeadlineExceeded) {
    return NoCapacityAfterLimitAnswer(limit_answer);
  }
  return result.status();
}

absl::Status GuardedCalls::NoCapacityAfterLimitAnswer(const absl::Status& answer) const {
  // NoteLimitAnswer gave every limit answer a hint; the fallback is never reached.
  const absl::Duration retry_after = RetryAfter(answer).value_or(settings_.limits.window);
  absl::Status status = absl::ResourceExhaustedError(absl::StrCat(
      "no upstream capacity before the deadline: the upstream answered rate-limited; retry "
      "after ",
      absl::FormatDuration(absl::Ceil(retry_after, absl::Milliseconds(1)))));
  SetRetryAfter(status, retry_after);
  return status;
}

absl::Status GuardedCalls::Attempt(
    const CallSpec& spec, int number,
    absl::FunctionRef<absl::Status(const upstream::Attempt&)> attempt,
    retry::AttemptVerdict* verdict, bool* sent) {
  *verdict = retry::AttemptVerdict{};  // answered locally: nothing to retry
  *sent = false;
  if (IsCancelled(spec.cancellation)) {
    metrics_->RecordCancelled(CancelStage::kBeforeSend);
    return absl::CancelledError(
        absl::StrCat(spec.endpoint, ": not sent: the caller cancelled"));
  }
  absl::StatusOr<breaker::CircuitBreaker::Ticket> ticket = breaker_->Allow();
  if (!ticket.ok()) {
    metrics_->RecordCall(spec.endpoint, Outcome::kCircuitOpen, false, absl::ZeroDuration());
    return ticket.status();
  }
  // No admission without time to finish: a slot the call could not use before its
  // deadline would spend quota on a certain timeout.
  const absl::Duration expected = latency_.Expected(spec.endpoint);
  if (expected > absl::ZeroDuration() && options_.clock->Now() + expected > spec.deadline) {
    metrics_->RecordRejection(quota::RejectReason::kDeadline, spec.caller_share);
    metrics_->RecordCall(spec.endpoint, Outcome::kNoCapacity, false, absl::ZeroDuration());
    return absl::DeadlineExceededError(absl::StrCat(
        spec.endpoint, ": not sent: the deadline leaves less than the ",
        absl::FormatDuration(absl::Trunc(expected, absl::Milliseconds(1))),
        " a call to it usually takes"));
  }
  // A call that finds a slot free goes with the usual latency left; one that must wait
  // is admitted only while its deadline leaves what a call almost surely takes.
  const absl::Time latest_start =
      std::max(spec.deadline - latency_.Needed(spec.endpoint),
               std::min(options_.clock->Now(), spec.deadline - expected));
  quota::RejectReason reason = quota::RejectReason::kDeadline;
  absl::StatusOr<quota::CapacityGate::Permit> permit = gate_->Acquire(
      spec.priority, latest_start, &reason, spec.cancellation, spec.caller_share);
  if (permit.status().code() == absl::StatusCode::kCancelled) {
    metrics_->RecordCancelled(CancelStage::kWaiting);
    return permit.status();
  }
  if (!permit.ok()) {
    metrics_->RecordRejection(reason, spec.caller_share);
    metrics_->RecordCall(spec.endpoint, Outcome::kNoCapacity, false, absl::ZeroDuration());
    return permit.status();
  }
  metrics_->RecordWait(spec.priority, spec.caller_share, permit->waited());
  // Woken later than planned (a busy machine): the slot is spent, but a call sent now
  // would most likely time out, and the caller learns more from a refusal.
  if (expected > absl::ZeroDuration() && options_.clock->Now() + expected > spec.deadline) {
    metrics_->RecordRejection(quota::RejectReason::kDeadline, spec.caller_share);
    metrics_->RecordCall(spec.endpoint, Outcome::kNoCapacity, false, absl::ZeroDuration());
    absl::Status refused = absl::ResourceExhaustedError(absl::StrCat(
        "no upstream capacity before the deadline: ", spec.endpoint,
        " not sent: the wait for a slot left less than the ",
        absl::FormatDuration(absl::Trunc(expected, absl::Milliseconds(1))),
        " a call to it usually takes"));
    SetRetryAfter(refused, std::max(gate_->CallSpacing(), expected));
    return refused;
  }

  // The one timeout computation: the wait for capacity may have eaten into the deadline.
  const absl::Duration endpoint_timeout = settings_.TimeoutFor(spec.endpoint);
  const absl::Time start = options_.clock->Now();
  absl::StatusOr<absl::Duration> timeout =
      UpstreamTimeout(endpoint_timeout, spec.deadline, start, spec.endpoint);
  if (!timeout.ok()) return timeout.status();

  *sent = true;
  metrics_->in_flight().Increment();
  absl::Status status = attempt(upstream::Attempt{number, *timeout, spec.cancellation});
  if (status.code() == absl::StatusCode::kCancelled) {
    metrics_->RecordCancelled(CancelStage::kInFlight);
  }
  metrics_->in_flight().Decrement();
  const absl::Time end = options_.clock->Now();

  const Classification classification = Classify(status);
  if (classification.outcome != Outcome::kTimeout &&
      classification.outcome != Outcome::kConnectionError &&
      status.code() != absl::StatusCode::kCancelled) {
    latency_.Record(spec.endpoint, end - start);
  }
  if (classification.outcome == Outcome::kTimeout) {
    // Abandoned, yet it may still run upstream until its own timeout: keep its slot.
    permit->HoldUntil(start + endpoint_timeout);
  }
  NoteLimitAnswer(classification, status);
  // A timeout cut short by the caller's deadline says nothing about the upstream (callers
  // with tight deadlines must not open the breaker for everyone): the ticket is dropped.
  const bool cut_by_deadline =
      classification.outcome == Outcome::kTimeout && *timeout < endpoint_timeout;
  if (!cut_by_deadline) {
    breaker_->Record(*std::move(ticket), !IsUpstreamFailure(classification.outcome));
  }
  metrics_->RecordCall(spec.endpoint, classification.outcome, true, end - start);
  if (LogEnabled(LogLevel::kDebug)) {
    Log(LogLevel::kDebug, "upstream call",
        {{"connection", settings_.name},
         {"endpoint", std::string(spec.endpoint)},
         {"outcome", std::string(OutcomeName(classification.outcome))},
         {"latency_ms", absl::StrCat(absl::ToDoubleMilliseconds(end - start))},
         {"waited_ms", absl::StrCat(absl::ToDoubleMilliseconds(permit->waited()))},
         {"request_id", std::string(spec.request_id)}});
  }
  *verdict = classification.verdict;
  return status;
}

void GuardedCalls::NoteLimitAnswer(const Classification& classification, absl::Status& status) {
  if (classification.outcome == Outcome::kQuotaExhausted) {
    metrics_->RecordRateLimitAnswer(UpstreamCode(status).value_or(""));
    gate_->NoteDailyQuotaExhausted();
    // The gate owns the quota day (its configured start), so its reset is the hint callers
    // and durable jobs wait for, whatever the backend guessed.
    SetRetryAfter(status, gate_->UntilDayReset());
    return;
  }
  if (classification.outcome != Outcome::kRateLimited) return;
  metrics_->RecordRateLimitAnswer(UpstreamCode(status).value_or(""));
  // Zero (no hint): the gate waits out a whole window. The caller may come back when the
  // pause ends, unless the backend already gave a hint.
  const absl::Duration pause = gate_->NoteRateLimited(classification.verdict.retry_after);
  if (!RetryAfter(status).has_value()) SetRetryAfter(status, pause);
}

}  // namespace leadgw::upstream
