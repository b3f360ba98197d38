// ReplayGuard: the gateway's idempotency for write RPCs, in one process and, in fleet
// mode, across the replicas of a fleet. A retry of a write with the same idempotency-key
// waits for or replays the first attempt's result wherever it lands: one upstream write,
// the same answer.
//
// Two layers. The IdempotencyCache of this process comes first: duplicates arriving here
// wait on it without any Redis traffic, and only its owner of a key goes on. With fleet
// records (upstream/coord/idempotency_records.h) that owner then begins the key in Redis:
// a result another replica stored there is replayed (and handed to this process's waiters
// by completing the local claim with it); a different request under the key is a
// conflict; a request still running elsewhere is waited for. Complete() and Abandon() end
// both layers; fleet errors there are ignored, because the fleet marker expires by itself.
//
// Redis down. When the fleet Begin() fails for an outage (coord::IsCoordinationOutage:
// unreachable, too slow, or our password refused) the guard fails open to the
// local cache (docs/adr/0004-fleet-coordination-down.md): the replica still dedupes the
// retries it receives itself, and only a retry landing on another replica during the
// outage may write again. Such RPCs are counted (fleet_bypassed()); the outage and the
// recovery are logged once each.
//
// Fingerprints are SHA-256 digests of the request bytes (request_digest.h), the same in
// every process. Thread-safe.
#ifndef LEADGW_SERVICE_IDEMPOTENCY_REPLAY_GUARD_H_
#define LEADGW_SERVICE_IDEMPOTENCY_REPLAY_GUARD_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/idempotency/idempotency_cache.h"
#include "upstream/coord/idempotency_records.h"

namespace leadgw::service::idempotency {

class ReplayGuard {
 public:
  // As IdempotencyCache::Outcome.
  enum class Outcome { kOwner, kReplay, kConflict };

  // Ownership of one key in this process and, unless the fleet was bypassed, in the
  // fleet. Movable, not copyable; destroying an active ticket abandons it. The guard must
  // outlive every ticket.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept = default;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

    bool active() const { return claim_.active(); }

   private:
    friend class ReplayGuard;
    void AbandonIfActive();

    ReplayGuard* guard_ = nullptr;
    IdempotencyCache::Claim claim_;
    std::string fleet_key_;
    std::string fleet_token_;  // empty: not held in the fleet
    std::string digest_;
  };

  struct BeginResult {
    Outcome outcome = Outcome::kOwner;
    Ticket ticket;        // active only for kOwner
    StoredResult stored;  // set only for kReplay
  };

  // `cache.ttl` is also how long fleet results are replayed. `fleet` is null outside
  // fleet mode.
  ReplayGuard(CacheOptions cache, std::unique_ptr<upstream::coord::IdempotencyRecords> fleet);
  ReplayGuard(const ReplayGuard&) = delete;
  ReplayGuard& operator=(const ReplayGuard&) = delete;

  // Looks up `key` within `scope` (the gateway passes "<rpc>/<connection>") for the
  // request serialised (deterministically) as `request_bytes`. Waits for a running owner,
  // here or on another replica, until `deadline`: then DEADLINE_EXCEEDED. A fleet marker
  // taken here is held until `deadline` plus `hold_margin` at most: the margin must cover
  // how long an upstream call abandoned at the deadline may still write (the longest
  // endpoint timeout), so that no retry writes while the first attempt still can.
  // Errors: DEADLINE_EXCEEDED; Redis errors other than an outage (e.g. an error reply);
  // DATA_LOSS for a fleet result this build cannot read.
  absl::StatusOr<BeginResult> Begin(absl::string_view scope, absl::string_view key,
                                    absl::string_view request_bytes, absl::Time deadline,
                                    absl::Duration hold_margin);

  // Stores `result` for replay in both layers and hands it to the waiters. An inactive
  // ticket is ignored.
  void Complete(Ticket ticket, StoredResult result);

  // Stores nothing (a transient failure): the next attempt runs again.
  void Abandon(Ticket ticket);

  // Owners that went on with the local cache only because Redis was unreachable.
  int64_t fleet_bypassed() const { return fleet_bypassed_.load(); }
  const IdempotencyCache& local() const { return local_; }

 private:
  // The owner's fleet step after the local cache made it owner.
  absl::StatusOr<BeginResult> BeginInFleet(BeginResult local, absl::string_view scope,
                                           absl::string_view key, absl::Time deadline,
                                           absl::Duration hold_margin);
  void NoteFleetReachable(bool reachable, const absl::Status& error);

  const absl::Duration ttl_;
  IdempotencyCache local_;
  const std::unique_ptr<upstream::coord::IdempotencyRecords> fleet_;
  std::atomic<int64_t> fleet_bypassed_{0};
  std::atomic<bool> fleet_down_{false};
};

}  // namespace leadgw::service::idempotency

#endif  // LEADGW_SERVICE_IDEMPOTENCY_REPLAY_GUARD_H_
