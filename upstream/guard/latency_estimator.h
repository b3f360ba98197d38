// LatencyEstimator: how long a call to each endpoint of a connection usually takes, so the
// guard sends a call only when its caller's deadline leaves that long. A call sent with
// less would spend a slot of the upstream's quota and then time out (issue: under 3x
// demand the gate handed out slots 30 ms before deadlines, and every such call failed).
//
// Two figures per endpoint, as TCP keeps them for its retransmission timer (RFC 6298):
//   - Expected(): the smoothed latency of answered calls (an exponentially weighted mean
//     with weight 1/8): the latency to expect, not a worst case, so callers with a usual
//     margin are never refused;
//   - Needed(): the smoothed latency plus four times its mean deviation (weight 1/4): how
//     long a call almost surely finishes in. A call that waited for its slot is admitted
//     only this long before its deadline: with the mere mean left, it has about even odds
//     of running past the deadline, worst on a saturated machine, where latency varies
//     most (a fleet test on a busy CI machine saw it happen).
// Timeouts and connection errors are not samples: they bound the latency from below
// without measuring it.
//
// Thread-safe. Endpoint names come from the backend kind's fixed table, so the map stays
// small.
#ifndef LEADGW_UPSTREAM_GUARD_LATENCY_ESTIMATOR_H_
#define LEADGW_UPSTREAM_GUARD_LATENCY_ESTIMATOR_H_

#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::upstream {

class LatencyEstimator {
 public:
  // An answered call to `endpoint` took `latency`.
  void Record(absl::string_view endpoint, absl::Duration latency);

  // The smoothed latency of `endpoint`; zero before its first answer.
  absl::Duration Expected(absl::string_view endpoint) const;

  // The smoothed latency plus four mean deviations; zero before the first answer, three
  // times it after (the first deviation is half the first sample, as in RFC 6298).
  absl::Duration Needed(absl::string_view endpoint) const;

 private:
  struct Estimate {
    absl::Duration smoothed;
    absl::Duration deviation;
  };

  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Estimate> estimates_;  // guarded by mu_
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_GUARD_LATENCY_ESTIMATOR_H_
