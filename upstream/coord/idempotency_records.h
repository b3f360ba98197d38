// IdempotencyRecords: idempotency records shared by the replicas of a fleet, through
// Redis, so that a write retried with the same idempotency-key on another replica waits
// for or replays the first attempt instead of writing again: one upstream write, the same
// answer. The fleet-wide half of service/idempotency/replay_guard.h. Vendor-free: keys,
// fingerprints and results are opaque bytes.
//
// A record is a Redis hash {state: running|done, fp, token, result} under
// "<prefix>:idem:<hex key>". Begin() creates it as `running` for its caller (the owner,
// whose token is unique to it), expiring at `hold_until`: the owner promises to finish by
// then, and a crashed owner's marker frees the key at that moment. Complete() turns the
// owner's record into `done` with its result for the replay TTL; Abandon() deletes it. Both
// compare the token in Lua, so an owner whose marker expired (and whose key another caller
// took over) changes nothing. Each step is one script, one round trip; a Begin() that finds
// a running record polls until it is done or gone.
#ifndef LEADGW_UPSTREAM_COORD_IDEMPOTENCY_RECORDS_H_
#define LEADGW_UPSTREAM_COORD_IDEMPOTENCY_RECORDS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::upstream::coord {

struct IdempotencyRecordsOptions {
  std::string key_prefix = "leadgw";
  std::string replica_id;  // tokens are replica:counter
  // How often a Begin() asks again while another caller's record is running.
  absl::Duration poll = absl::Milliseconds(15);
};

// Thread-safe.
class IdempotencyRecords {
 public:
  // What Begin() found:
  //  kOwner:    no record: the caller now holds it (`token`) and must Complete() or
  //             Abandon() it.
  //  kReplay:   a finished record for the same fingerprint: `result` holds its bytes.
  //  kConflict: a finished record for a different fingerprint.
  enum class Outcome { kOwner, kReplay, kConflict };
  struct BeginResult {
    Outcome outcome = Outcome::kOwner;
    std::string token;   // kOwner only
    std::string result;  // kReplay only
  };

  IdempotencyRecords(std::shared_ptr<RedisClient> redis, IdempotencyRecordsOptions options);

  // Looks up `key`; see BeginResult. While another caller's record is running (whatever
  // its fingerprint) waits until it is done or gone, but not past `deadline`: then
  // DEADLINE_EXCEEDED. A record created here expires at `hold_until` unless completed.
  // Redis errors are returned as RedisClient gives them (UNAVAILABLE when unreachable).
  absl::StatusOr<BeginResult> Begin(absl::string_view key, absl::string_view fingerprint,
                                    absl::Time deadline, absl::Time hold_until);

  // Stores `result` for `fingerprint` for `ttl` (at least a millisecond) if the record is
  // absent or still holds `token`; otherwise does nothing (another caller took the key
  // over after this one's marker expired). Returns Redis errors; callers may ignore them
  // (the marker then expires and a retry runs again).
  absl::Status Complete(absl::string_view key, const std::string& token,
                        absl::string_view fingerprint, absl::string_view result,
                        absl::Duration ttl);

  // Deletes the record if it still holds `token`. Errors are ignored: the marker expires.
  void Abandon(absl::string_view key, const std::string& token);

 private:
  std::string RedisKey(absl::string_view key) const;

  const std::shared_ptr<RedisClient> redis_;
  const IdempotencyRecordsOptions options_;
  std::atomic<int64_t> next_token_{0};
};

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_IDEMPOTENCY_RECORDS_H_
