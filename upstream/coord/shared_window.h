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
//   - end: the call moves from the open set to the ended set at Redis's now. A call that
//     outlived its lease is logged at its real end (never earlier than the expiry).
// The lease bounds how long a crashed replica's calls hold slots: at most lease + span.
// It must exceed the longest call (the longest endpoint timeout).
//
// Keys: "<prefix>:{<connection>}:open" and ":ended", one hash slot per connection (Redis
// Cluster), expiring after span + lease of disuse.
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
};

struct Admission {
  bool admitted = false;
  std::string call_id;  // when admitted: pass to Close()
  // When not admitted: how long until a slot frees, by Redis's clock, assuming no open
  // call ends first; InfiniteDuration() when open calls alone fill the window (a slot
  // frees `span` after one of them ends).
  absl::Duration retry_in = absl::ZeroDuration();
};

// Thread-safe (RedisClient is).
class SharedWindow {
 public:
  SharedWindow(std::shared_ptr<RedisClient> redis, SharedWindowOptions options);

  // Opens a call if fewer than `limit` calls are open or ended in the last span across the
  // fleet. Errors are RedisClient's (UNAVAILABLE when Redis is down or slow).
  absl::StatusOr<Admission> TryOpen(int limit);

  // The call ended now (its answer came, or it was given up).
  absl::Status Close(const std::string& call_id);

 private:
  const std::shared_ptr<RedisClient> redis_;
  const SharedWindowOptions options_;
  const std::string open_key_;
  const std::string ended_key_;
  std::atomic<int64_t> next_call_{0};
};

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_SHARED_WINDOW_H_
