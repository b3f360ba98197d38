// FleetAdmission: the capacity gate's link to the rolling window its connection shares with
// the other replicas of the fleet (upstream/coord/shared_window.h), and what the gate does
// when that link is down. Vendor-free; used under the gate's lock.
//
// Shared: a call the local plan admits is admitted only if the fleet's window, its
// concurrency cap and its daily budget (in Redis) have room; otherwise the gate waits until
// the slot Redis names. A caller for whom no slot is free takes a ticket for the next one
// (coord::SharedWindow), so that callers of all replicas queue in one order and one whose
// slot would come after its deadline is refused at once. A rate-limit answer on one
// replica lowers the window's limit, pauses admissions and voids the tickets for the
// whole fleet.
//
// Redis down or slow (docs/adr/0004-fleet-coordination-down.md): the gate never overflows
// the upstream, and keeps serving:
//   - it first admits nothing for one span, so that every call any replica made through
//     Redis has left the upstream's window;
//   - then each replica keeps to 1/N of the window and of the concurrency cap on its own
//     (N: the configured replica count), which together cannot exceed the limits;
//   - the daily budget: each replica may spend 1/N of what was provably left when Redis was
//     lost: the quota, less the fleet's count it last saw, less every call the fleet could
//     have made since (the window's limit per span); on a later day, 1/N of the quota;
//   - it probes Redis at most once a second; once Redis answers, the calls it made alone
//     join the fleet's daily count (restored from what this replica last saw, if Redis
//     lost it), and calls need both Redis and the 1/N shares of window
//     and concurrency for one more span (the calls of the degraded time are not in Redis),
//     then Redis alone.
#ifndef LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_
#define LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "upstream/coord/shared_window.h"

namespace leadgw::upstream::quota {

enum class FleetState { kShared, kDegraded, kRecovering };

// "shared", "degraded", "recovering".
const char* FleetStateName(FleetState state);

// The connection's configured limits, as the fleet shares them.
struct FleetQuota {
  int calls_per_window = 0;
  int max_concurrent = 0;  // 0: no cap
  int daily_quota = 0;     // 0: none
};

// What the local plan knows when it asks the fleet.
struct FleetAsk {
  absl::Time deadline = absl::InfiniteFuture();  // of the caller, for a ticket
  // The caller is first in this replica's queue: it may be admitted now. Otherwise it only
  // takes a ticket, so that it knows at once whether its slot can come in time.
  bool first = true;
  // The caller's ticket (Verdict::ticket of an earlier answer), 0: none.
  uint64_t ticket = 0;
  int window_limit = 0;  // learnt, <= calls_per_window
  int daily_limit = 0;   // for the call's priority (quota, or quota less the reserve)
  int64_t local_day_calls = 0;  // this replica's calls of the current day
  absl::Time day_start;         // of the current upstream day
};

// Caps on the local plan while the fleet's shared state is out of reach.
struct LocalCaps {
  int window = 0;       // 0: none
  int concurrency = 0;  // 0: none
  std::optional<int64_t> daily;  // calls of the current day; nullopt: none
};

class FleetAdmission {
 public:
  // `replicas` >= 1: the N of the 1/N share while Redis is down. `span`: the window plus
  // the safety margin.
  FleetAdmission(std::shared_ptr<coord::SharedWindow> window, int replicas, absl::Duration span,
                 FleetQuota quota);

  struct Verdict {
    bool admit = false;
    std::string call_id;  // when admitted through Redis: Close() it when the call ends
    absl::Time not_before = absl::InfinitePast();  // when not admitted
    coord::FleetHold held_by = coord::FleetHold::kNone;  // when Redis refused
    // When not admitted: nonzero when the caller holds a ticket (pass it in the next ask),
    // whose slot comes at not_before.
    uint64_t ticket = 0;
    // Every ticket this replica held is void: its callers must ask again.
    bool tickets_voided = false;
  };

  // May the fleet admit a call at `now`? The first caller of the local queue (whose local
  // plan admits it) is admitted when a slot is free, or on the earliest ticket of this
  // replica once it comes when it holds one; any other caller takes a ticket. Tickets are
  // one pool per replica, used in time order: the replica's own queue decides who goes.
  Verdict TryAdmit(absl::Time now, const FleetAsk& ask);

  // A caller holding `ticket` leaves without being admitted: the replica's latest ticket
  // goes back to the fleet.
  void DropTicket(uint64_t ticket);

  // Whether a caller's `ticket` is still good (false once tickets were voided or lost).
  bool HoldsTicket(uint64_t ticket) const {
    return ticket != 0 && ticket == ticket_generation_ && !tickets_.empty();
  }

  // Degraded, and Redis may be asked again (a call may be admitted through it although the
  // local shares would refuse it).
  bool ProbeDue(absl::Time now) const {
    return state_ == FleetState::kDegraded && now >= next_probe_ && now >= pause_until_;
  }

  // The gate admitted a call without Redis (degraded): it joins the fleet's daily count
  // once Redis answers again.
  void NoteUnrecordedCall() { ++unrecorded_calls_; }

  // The upstream answered rate-limited: the whole fleet halves its share of the window
  // (at most once per span) and pauses (coord::SharedWindow::NoteRateLimited). Errors are
  // ignored: the next admission finds Redis down and degrades.
  void NoteRateLimited(absl::Duration pause);

  // The call ended. Never under the gate's lock (a Redis round trip); errors are ignored:
  // the call's lease then frees its slot.
  void Close(const std::string& call_id);

  // The local caps that apply now (none while shared), for the day starting at
  // `day_start`. Call after TryAdmit.
  LocalCaps Caps(absl::Time day_start) const;

  FleetState state() const { return state_; }

 private:
  // The daily calls this replica may make while degraded on the day Redis was lost.
  int64_t DegradedDailyCap() const;

  const std::shared_ptr<coord::SharedWindow> window_;
  const int replicas_;
  const absl::Duration span_;
  const FleetQuota quota_;
  FleetState state_ = FleetState::kShared;
  // This replica's tickets, earliest slot first (gate's clock), and the generation that
  // callers' tickets must match: losing Redis loses the tickets.
  struct Ticket {
    absl::Time at;
    std::string id;
  };
  std::deque<Ticket> tickets_;
  uint64_t ticket_generation_ = 1;
  int64_t tickets_voided_seen_ = -1;  // Admission::tickets_voided last seen
  int64_t unrecorded_calls_ = 0;
  // The fleet's daily count as Redis last told it, and when (by the gate's clock).
  int64_t seen_day_calls_ = 0;
  absl::Time seen_at_ = absl::InfinitePast();
  absl::Time seen_day_start_ = absl::InfinitePast();
  // When Redis was lost: the time, the day it fell in, this replica's calls of that day.
  absl::Time lost_at_ = absl::InfinitePast();
  absl::Time lost_day_start_ = absl::InfinitePast();
  int64_t lost_local_day_calls_ = 0;
  absl::Time pause_until_ = absl::InfinitePast();    // degraded: nothing before
  absl::Time next_probe_ = absl::InfinitePast();     // degraded: next Redis attempt
  absl::Time recovered_at_ = absl::InfinitePast();   // recovering: Redis alone after + span
};

}  // namespace leadgw::upstream::quota

#endif  // LEADGW_UPSTREAM_QUOTA_FLEET_ADMISSION_H_
