// KeyLocks: mutual exclusion per key across the replicas of a fleet, through Redis: the
// fleet-wide half of the duplicate guard (backends/common/keyed_serializer.h). Two
// replicas upserting the same new email must not both look it up, miss, and create it.
//
// A lock is a Redis key set with NX and an expiry, holding a token unique to its holder;
// unlocking deletes it only if it still holds that token (a Lua compare-and-delete), so a
// holder never releases a lock another took after its own expired. The expiry is the
// holder's promise: the caller sets it past the last moment its writes could still reach
// the upstream (its deadline plus the longest endpoint timeout), so no old holder can
// still write when a new one starts. Locks of a crashed replica free at their expiry.
#ifndef LEADGW_UPSTREAM_COORD_KEY_LOCKS_H_
#define LEADGW_UPSTREAM_COORD_KEY_LOCKS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/coord/fleet.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::upstream::coord {

struct KeyLocksOptions {
  std::string key_prefix = "leadgw";
  std::string replica_id;  // tokens are replica:counter
  // How often a waiter asks again while another replica holds the key.
  absl::Duration poll = absl::Milliseconds(10);
};

// Thread-safe.
class KeyLocks {
 public:
  KeyLocks(std::shared_ptr<RedisClient> redis, KeyLocksOptions options);

  // Holds `key` across the fleet until Unlock() or `hold_until`, waiting while another
  // holder has it; returns the token Unlock() needs. DEADLINE_EXCEEDED when `deadline`
  // passes first; UNAVAILABLE when Redis cannot be reached (RedisClient's errors).
  absl::StatusOr<std::string> Lock(absl::string_view key, absl::Time deadline,
                                   absl::Time hold_until);

  // Releases `key` if `token` still holds it. Errors are ignored: the lock then expires.
  void Unlock(absl::string_view key, const std::string& token);

 private:
  std::string RedisKey(absl::string_view key) const;

  const std::shared_ptr<RedisClient> redis_;
  const KeyLocksOptions options_;
  std::atomic<int64_t> next_token_{0};
};

// The KeyLocks of `fleet`: its Redis, key prefix and replica id. Each user keeps its own
// policy for a Redis outage (the duplicate guard falls back to a local lock; the card sync
// refuses to start).
std::shared_ptr<KeyLocks> MakeKeyLocks(const Fleet& fleet);

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_KEY_LOCKS_H_
