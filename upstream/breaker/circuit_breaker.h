// A circuit breaker per upstream connection: after `failure_threshold` consecutive failed
// calls it fails calls at once (UNAVAILABLE with a retry-after hint) for `open_duration`,
// then lets `half_open_probes` probe calls through; a successful probe closes it, a failed
// one opens it again. It protects both the upstream (no load while it is down) and our
// callers (a fast error instead of a full timeout).
#ifndef LEADGW_UPSTREAM_BREAKER_CIRCUIT_BREAKER_H_
#define LEADGW_UPSTREAM_BREAKER_CIRCUIT_BREAKER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace leadgw::upstream::breaker {

struct BreakerOptions {
  // Consecutive failures (closed state) that open the breaker; values below 1 count as 1.
  int failure_threshold = 5;
  // How long an open breaker rejects calls before it admits a half-open probe.
  absl::Duration open_duration = absl::Seconds(5);
  // Probes allowed in flight at once while half-open; values below 1 count as 1.
  int half_open_probes = 1;
  // Names the upstream in error messages, e.g. the connection name. Never a secret.
  std::string name = "upstream";
};

enum class BreakerState { kClosed, kHalfOpen, kOpen };

// "closed", "half_open", "open" (metric label values).
absl::string_view BreakerStateName(BreakerState state);

// Thread-safe: one std::mutex guards the state, held only for a few instructions. The clock
// is read only while the breaker is open. The breaker must outlive its tickets.
class CircuitBreaker {
 public:
  // Permission for one call, returned by Allow(). Move-only. Hand it back with
  // CircuitBreaker::Record() when the outcome is known; destroying it unrecorded (the call
  // was cancelled, or failed for a reason that says nothing about the upstream's health)
  // counts as neither success nor failure and frees its probe slot.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

    // True when this call is a half-open probe.
    bool is_probe() const { return probe_; }
    // The breaker's generation when the ticket was issued. Each state change starts a new
    // one; a ticket of an older generation is stale: its outcome is ignored and its probe
    // slot was freed by the change.
    uint64_t generation() const { return generation_; }

   private:
    friend class CircuitBreaker;
    Ticket(CircuitBreaker* breaker, uint64_t generation, bool probe)
        : breaker_(breaker), generation_(generation), probe_(probe) {}

    CircuitBreaker* breaker_;  // null once recorded or moved from
    uint64_t generation_;      // the breaker's generation when issued
    bool probe_;
  };

  // `on_transition` (optional) is told every state change, in order. It runs with the
  // breaker's lock held: it must be quick and must not call Allow() or Record() (state()
  // is fine). `clock` must outlive the breaker.
  CircuitBreaker(BreakerOptions options, Clock& clock,
                 std::function<void(BreakerState)> on_transition = nullptr);

  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // OK with a Ticket when the call may go: always while closed; while half-open only if a
  // probe slot is free (an open breaker whose open_duration has passed becomes half-open
  // here). Otherwise UNAVAILABLE at once:
  //   "circuit open for <name>: N consecutive upstream failures; next probe in X.Xs"
  // with a retry-after hint (upstream/upstream_error.h) of the time until the next probe,
  // both rounded up to 100 ms; or, while half-open with every probe slot taken,
  // "...; a probe is in flight" with a hint of min(open_duration, 1s). The OK path takes one
  // lock and never allocates; a rejection allocates its Status outside the lock.
  absl::StatusOr<Ticket> Allow();

  // Reports the outcome of an allowed call and consumes the ticket. Closed: a success
  // resets the failure count, a failure counts toward failure_threshold. Half-open: a
  // successful probe closes the breaker, a failed one re-opens it for open_duration.
  // Outcomes of tickets issued before the last state change are ignored (they describe the
  // upstream as it was), as are tickets of another breaker (treated as dropped).
  void Record(Ticket ticket, bool success);

  // The state after the last transition. Lock-free. An open breaker whose open_duration
  // has passed still reports kOpen until the next Allow() turns it half-open.
  BreakerState state() const { return public_state_.load(std::memory_order_acquire); }

  // Consecutive failures counted since the last success (for metrics and tests).
  int consecutive_failures() const;

 private:
  void ReleaseProbe(uint64_t generation);  // a ticket dropped without Record
  void TransitionLocked(BreakerState to);  // requires mu_

  const BreakerOptions options_;  // normalised by the constructor
  Clock& clock_;
  const std::function<void(BreakerState)> on_transition_;

  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;  // guarded by mu_
  uint64_t generation_ = 0;                     // guarded by mu_; bumped on every transition
  int consecutive_failures_ = 0;                // guarded by mu_
  int probes_in_flight_ = 0;                    // guarded by mu_; half-open only
  absl::Time open_until_;                       // guarded by mu_; open only
  std::atomic<BreakerState> public_state_{BreakerState::kClosed};
};

}  // namespace leadgw::upstream::breaker

#endif  // LEADGW_UPSTREAM_BREAKER_CIRCUIT_BREAKER_H_
