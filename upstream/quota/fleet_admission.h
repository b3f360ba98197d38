// FleetAdmission: the capacity gate's link to the rolling window its connection shares with
// the other replicas of the fleet (upstream/coord/shared_window.h), and what the gate does
// when that link is down. Vendor-free; used under the gate's lock.
//
// Shared: a call the local plan admits is admitted only if the fleet's window (in Redis)
// has room; otherwise the gate waits until the slot Redis names.
//
// Redis down or slow (docs/adr/0004-fleet-coordination-down.md): the gate never overflows
// the upstream, and keeps serving:
//   - it first admits nothing for one span, so that every call any replica made through
//     Redis has left the upstream's window;
//   - then each replica keeps to 1/N of the window on its own (N: the configured replica
//     count), which together cannot exceed the limit;
//   - it probes Redis at most once a second; once Redis answers, calls need both Redis and
//     the 1/N share for one more span (the calls of the degraded time are not in Redis),
//     then Redis alone.
#ifndef LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_
#define LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "upstream/coord/shared_window.h"

namespace leadgw::upstream::quota {

enum class FleetState { kShared, kDegraded, kRecovering };

// "shared", "degraded", "recovering".
const char* FleetStateName(FleetState state);

class FleetAdmission {
 public:
  // `replicas` >= 1: the N of the 1/N share while Redis is down. `span`: the window plus
  // the safety margin.
  FleetAdmission(std::shared_ptr<coord::SharedWindow> window, int replicas, absl::Duration span);

  struct Verdict {
    bool admit = false;
    std::string call_id;  // when admitted through Redis: Close() it when the call ends
    absl::Time not_before = absl::InfinitePast();  // when not admitted
  };

  // The local plan admits a call at `now` under window limit `limit`: may the fleet?
  Verdict TryAdmit(absl::Time now, int limit);

  // The call ended. Never under the gate's lock (a Redis round trip); errors are ignored:
  // the call's lease then frees its slot.
  void Close(const std::string& call_id);

  // The local cap on the window while degraded or recovering (limit / replicas, at least
  // 1); 0 when none applies.
  int LocalCap(int limit) const;

  FleetState state() const { return state_; }

 private:
  const std::shared_ptr<coord::SharedWindow> window_;
  const int replicas_;
  const absl::Duration span_;
  FleetState state_ = FleetState::kShared;
  absl::Time pause_until_ = absl::InfinitePast();    // degraded: nothing before
  absl::Time next_probe_ = absl::InfinitePast();     // degraded: next Redis attempt
  absl::Time recovered_at_ = absl::InfinitePast();   // recovering: Redis alone after + span
};

}  // namespace leadgw::upstream::quota

#endif  // LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_
