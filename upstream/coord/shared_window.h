// SharedWindow: the exact rolling window of one upstream connection, shared by every
// gateway replica through Redis, with the same rule as the in-process window
// (upstream/quota/internal/window_log.h): a call counts from its admission until `span`
// after its end, so no delay between a send and the upstream's count can squeeze two
// calls into one upstream window.
//
// One round trip per admission and one per end, each a Lua script run atomically by
// Redis, all with Redis's own clock (TIME), so replicas' clocks never matter:
//   - admission: open calls are members of a sorted set scored by their lease expiry;
//     calls whose holder died (its lease expired unclosed) are logged as ended at the
//     expiry; calls that ended before now - span leave; if open + ended < limit the call
//     opens with a lease, else the answer says when a slot frees (or that only open
//     calls hold the window, whose ends nobody knows yet);
//   - the same admission also holds the fleet's concurrency cap (open calls are the calls in
//     flight) and the daily budget, counted per upstream day (midnight at a fixed UTC
//     offset, by Redis's clock) in a third key;
//   - a rate-limit answer on any replica halves the fleet's share of the window and holds
//     every replica off for the pause (a fourth key, ":learnt"); admissions use the lower
//     of the replica's own learnt limit and the fleet's;
//   - a caller for whom no slot is free now may take a ticket: the future slot that frees
//     first after the tickets already taken (a fifth key, ":reserved"), if it comes within
//     the caller's wait; it is admitted on the ticket when the slot comes. So callers of
//     every replica queue in one order, and one whose slot would come too late knows it at
//     once. A ticket its holder does not claim within a grace goes back;
//   - end: the call moves from the open set to the ended set at Redis's now. A call that
//     outlived its lease is logged at its real end (never earlier than the expiry).
// The lease bounds how long a crashed replica's calls hold slots: at most lease + span.
// It must exceed the longest call (the longest endpoint timeout).
//
// Keys: "<prefix>:{<connection>}:open", ":ended", ":day", ":learnt" and ":reserved", one
// hash slot per connection (Redis Cluster); the open, ended and reserved sets expire after
// their last entry could matter, the day after two days, the learnt share once regrown.
#ifndef LEADGW_UPSTREAM_COORD_SHARED_WINDOW_H_
#define LEADGW_UPSTREAM_COORD_SHARED_WINDOW_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::upstream::coord {

struct SharedWindowOptions {
  std::string key_prefix = "leadgw";  // one per deployment sharing the Redis
  std::string connection;             // the connection's name
  absl::Duration span = absl::Seconds(20);   // upstream window + safety margin
  absl::Duration lease = absl::Minutes(3);   // > the longest call of the connection
  std::string replica_id;             // unique per process (call ids are replica:counter)
  // The upstream's day starts at midnight of this UTC offset (the default is US Central, UTC-6).
  absl::Duration day_start_utc_offset = absl::Hours(-6);
  // How long a ticket's slot waits for its holder after it came: then it goes back to the
  // fleet (the holder died, or was cancelled and could not say so).
  absl::Duration ticket_grace = absl::Seconds(2);
};

// What one admission asks of the fleet.
struct FleetLimits {
  int window_limit = 0;    // calls per span (this replica's learnt limit)
  // The connection's configured calls per span (0: window_limit), from which the fleet's
  // learnt share regrows.
  int configured_window_limit = 0;
  int max_open = 0;        // calls in flight across the fleet (0: no cap)
  int daily_limit = 0;     // calls per upstream day (0: none; not counted then)
  // Calls this replica admitted today without Redis (while it was unreachable): added to
  // the day's count before the check, so the fleet's ledger stays whole.
  int64_t unrecorded_calls = 0;
  // The day's count is at least this (the count this replica last saw today, plus
  // unrecorded_calls): a Redis restarted without persistence gets the day back from the
  // first replica that asks.
  int64_t day_calls_at_least = 0;
  // Tickets: when no slot is free now, one that comes within max_wait is reserved for this
  // caller (negative: none is). Later callers queue behind it.
  absl::Duration max_wait = -absl::InfiniteDuration();
  // A ticket this caller holds: admitted on it once its slot has come.
  std::string claim;
  // A ticket even when a slot is free now (the caller is not first in its own queue).
  bool reserve_only = false;
};

// Which shared limit turned a call away.
enum class FleetHold { kNone, kWindow, kConcurrency, kDaily };

struct Admission {
  bool admitted = false;
  std::string call_id;  // when admitted: pass to Close()
  // When not admitted: the ticket this caller now holds (its slot comes after retry_in;
  // claim it then, or Release() it), or empty.
  std::string ticket;
  FleetHold held_by = FleetHold::kNone;  // when not admitted
  // When not admitted: how long until a slot frees, by Redis's clock, assuming no open
  // call ends first; InfiniteDuration() when open calls hold every concurrency slot.
  absl::Duration retry_in = absl::ZeroDuration();
  // retry_in is only a lower bound: open calls and tickets fill the window, so a slot
  // frees a span after one of them ends, when exactly nobody knows.
  bool at_least = false;
  // Calls of the current upstream day across the fleet, this one included when admitted
  // (0 without a daily limit).
  int64_t day_calls = 0;
  // How many times rate-limit answers voided every ticket (NoteRateLimited); -1: unknown.
  // A change means the tickets this replica holds are gone.
  int64_t tickets_voided = -1;
};

// Thread-safe (RedisClient is).
class SharedWindow {
 public:
  SharedWindow(std::shared_ptr<RedisClient> redis, SharedWindowOptions options);

  // Opens a call if, across the fleet, fewer than `limits.window_limit` calls are open or
  // ended in the last span, fewer than `max_open` are open and fewer than `daily_limit`
  // were made today. Errors are RedisClient's (UNAVAILABLE when Redis is down or slow).
  absl::StatusOr<Admission> TryOpen(const FleetLimits& limits);
  // The window alone.
  absl::StatusOr<Admission> TryOpen(int window_limit) {
    FleetLimits limits;
    limits.window_limit = window_limit;
    return TryOpen(limits);
  }

  // Gives a ticket back (its holder will not use it). Errors are ignored: it lapses after
  // the grace.
  void Release(const std::string& ticket);

  // The call ended now (its answer came, or it was given up).
  absl::Status Close(const std::string& call_id);

  // The upstream answered rate-limited: the fleet's share of the window halves (at most
  // once per span, regrowing as LearnedLimit does), no replica is admitted for `pause`,
  // and every ticket is void (the slots it promised are not the upstream's).
  struct Learnt {
    int limit = 0;             // the fleet's learnt calls per span now
    absl::Duration hold_off;   // until admissions resume
    int64_t tickets_voided = 0;  // Admission::tickets_voided after this answer
  };
  absl::StatusOr<Learnt> NoteRateLimited(int configured_limit, absl::Duration pause);

 private:
  const std::shared_ptr<RedisClient> redis_;
  const SharedWindowOptions options_;
  const std::string open_key_;
  const std::string ended_key_;
  const std::string day_key_;
  const std::string learnt_key_;
  const std::string reserved_key_;
  std::atomic<int64_t> next_call_{0};
};

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_SHARED_WINDOW_H_
