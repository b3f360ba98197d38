#include "upstream/breaker/circuit_breaker.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::breaker {
namespace {

// Resolution of the "next probe in" figure and of the retry-after hint.
constexpr absl::Duration kHintUnit = absl::Milliseconds(100);
// Stands for "half-open, every probe slot taken" where a number of kHintUnits is expected.
constexpr int64_t kProbeBusy = -1;

BreakerOptions Normalise(BreakerOptions options) {
  options.failure_threshold = std::max(options.failure_threshold, 1);
  options.half_open_probes = std::max(options.half_open_probes, 1);
  options.open_duration = std::max(options.open_duration, absl::ZeroDuration());
  return options;
}

// `tenths` (of a second) is already rounded up, so a caller honouring the hint never arrives
// before the probe window. Integer formatting: this runs for every rejected call.
absl::Status OpenError(absl::string_view name, int failures, int64_t tenths) {
  absl::Status status = absl::UnavailableError(absl::StrCat(
      "circuit open for ", name, ": ", failures, " consecutive upstream failures; next probe in ",
      tenths / 10, ".", tenths % 10, "s"));
  SetRetryAfter(status, tenths * kHintUnit);
  return status;
}

absl::Status ProbeBusyError(absl::string_view name, int failures, absl::Duration open_duration) {
  absl::Status status =
      absl::UnavailableError(absl::StrCat("circuit open for ", name, ": ", failures,
                                          " consecutive upstream failures; a probe is in flight"));
  // The probe's outcome is due soon, but its length is unknown: a short hint.
  SetRetryAfter(status, std::min(open_duration, absl::Seconds(1)));
  return status;
}

}  // namespace

absl::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kHalfOpen:
      return "half_open";
    case BreakerState::kOpen:
      return "open";
  }
  return "unknown";
}

CircuitBreaker::Ticket::Ticket(Ticket&& other) noexcept
    : breaker_(std::exchange(other.breaker_, nullptr)),
      generation_(other.generation_),
      probe_(other.probe_) {}

CircuitBreaker::Ticket& CircuitBreaker::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    if (breaker_ != nullptr && probe_) breaker_->ReleaseProbe(generation_);
    breaker_ = std::exchange(other.breaker_, nullptr);
    generation_ = other.generation_;
    probe_ = other.probe_;
  }
  return *this;
}

CircuitBreaker::Ticket::~Ticket() {
  if (breaker_ != nullptr && probe_) breaker_->ReleaseProbe(generation_);
}

CircuitBreaker::CircuitBreaker(BreakerOptions options, Clock& clock,
                               std::function<void(BreakerState)> on_transition)
    : options_(Normalise(std::move(options))),
      clock_(clock),
      on_transition_(std::move(on_transition)) {}

absl::StatusOr<CircuitBreaker::Ticket> CircuitBreaker::Allow() {
  int failures = 0;
  int64_t tenths = kProbeBusy;  // tenths of a second until the next probe
  {
    std::lock_guard<std::mutex> lock(mu_);
    switch (state_) {
      case BreakerState::kClosed:
        return Ticket(this, generation_, /*probe=*/false);
      case BreakerState::kOpen: {
        absl::Time now = clock_.Now();
        if (now < open_until_) {
          tenths = absl::Ceil(open_until_ - now, kHintUnit) / kHintUnit;
          break;
        }
        TransitionLocked(BreakerState::kHalfOpen);
        [[fallthrough]];
      }
      case BreakerState::kHalfOpen:
        if (probes_in_flight_ < options_.half_open_probes) {
          ++probes_in_flight_;
          return Ticket(this, generation_, /*probe=*/true);
        }
        break;
    }
    failures = consecutive_failures_;
  }
  // Built outside the lock, and fresh for every call: a cached Status shared between
  // threads would be cheaper, but its reference count lives in uninstrumented libabsl code,
  // so TSan reports every such share as a race.
  if (tenths == kProbeBusy) return ProbeBusyError(options_.name, failures, options_.open_duration);
  return OpenError(options_.name, failures, tenths);
}

void CircuitBreaker::Record(Ticket ticket, bool success) {
  if (ticket.breaker_ != this) return;  // its destructor releases it where it belongs
  ticket.breaker_ = nullptr;            // consumed: the destructor must not release it
  std::lock_guard<std::mutex> lock(mu_);
  if (ticket.generation_ != generation_) return;  // issued before the last transition
  if (success) {
    consecutive_failures_ = 0;
    if (state_ == BreakerState::kHalfOpen) TransitionLocked(BreakerState::kClosed);
    return;
  }
  ++consecutive_failures_;
  if (state_ == BreakerState::kHalfOpen || consecutive_failures_ >= options_.failure_threshold) {
    open_until_ = clock_.Now() + options_.open_duration;
    TransitionLocked(BreakerState::kOpen);
  }
}

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return consecutive_failures_;
}

void CircuitBreaker::ReleaseProbe(uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  // A probe of an earlier half-open period holds no slot any more.
  if (generation == generation_ && state_ == BreakerState::kHalfOpen && probes_in_flight_ > 0) {
    --probes_in_flight_;
  }
}

void CircuitBreaker::TransitionLocked(BreakerState to) {
  state_ = to;
  ++generation_;
  probes_in_flight_ = 0;
  public_state_.store(to, std::memory_order_release);
  if (on_transition_) on_transition_(to);
}

}  // namespace leadgw::upstream::breaker
