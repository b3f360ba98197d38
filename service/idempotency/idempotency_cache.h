// IdempotencyCache: replays the first result of a write RPC retried with the same
// `idempotency-key` instead of writing twice.
//
// What is replayed. The owner of a key (the first Begin() for a scope+key) runs the RPC and
// then either Complete()s its Claim with a StoredResult (the status with code, message and
// payloads, plus the serialized response when OK) or Abandon()s it. Which results are worth
// replaying is the caller's decision (OK and permanent errors; a transient failure should be
// abandoned so that a retry runs again). A later Begin() with the same scope, key and request
// fingerprint gets the stored result back (kReplay); one with a different fingerprint gets
// kConflict, which the caller answers with INVALID_ARGUMENT (see KeyReusedError()).
//
// TTL. A result is replayed for `ttl` after Complete() (by the injected clock). Expired
// results are ignored and purged lazily, on Begin() and Complete(); there is no background
// thread. After expiry the key is free: the next Begin() owns it again and may write again.
//
// Bounds. At most `max_entries` finished results are held, and the sum of their charges (see
// ChargeOf()) stays within `max_bytes`; beyond either, the least recently used result (a
// replay counts as a use) is evicted. In-flight claims hold no result, are never evicted and
// are bounded by the number of concurrent RPCs. A result whose charge alone exceeds
// `max_bytes` (or any result when `max_entries` or `ttl` is zero) is not retained: the
// duplicates already waiting for it still receive it as a replay, because they are retries
// of a request that did complete, but later retries run again. Evicting a result early only
// weakens the guarantee (a late retry writes again); it never returns a wrong result.
//
// Waiting. A Begin() for a key whose owner is still running waits (never spins) until the
// owner completes (-> kReplay or kConflict for every waiter) or abandons (-> exactly one
// waiter becomes the owner; the others keep waiting for it), but not past its deadline:
// then DEADLINE_EXCEEDED. A caller must never Begin() a key it already owns in the same
// thread: that waits for itself until the deadline.
//
// Scope of the guarantee. The cache lives in one gateway process: a retry that arrives
// after a restart finds nothing and writes again. Across the replicas of a fleet,
// ReplayGuard (replay_guard.h) puts the records shared through Redis behind this cache:
// this cache's owner of a key then asks the fleet, so a retry on another replica waits for
// or replays the first attempt. Without Redis (or outside fleet mode) only this cache
// answers, and a retry landing on another replica writes again. Keys and fingerprints are
// opaque caller data: the cache never logs them and never puts them into error messages.
//
// Thread-safety: every method may be called from any thread. Uses std::mutex and
// std::condition_variable rather than absl::Mutex because Debian's abseil is not built with
// TSan, which would then report false races.
#ifndef LEADGW_SERVICE_IDEMPOTENCY_IDEMPOTENCY_CACHE_H_
#define LEADGW_SERVICE_IDEMPOTENCY_IDEMPOTENCY_CACHE_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace leadgw::service::idempotency {

struct CacheOptions {
  // How long a finished result is replayed after Complete().
  absl::Duration ttl = absl::Minutes(10);
  // Finished results held at most; the least recently used is evicted beyond this.
  size_t max_entries = 10000;
  // Bound on the sum of ChargeOf() over the finished results held; LRU eviction beyond.
  size_t max_bytes = size_t{64} << 20;
  // The clock for the TTL (tests inject a fake one). Called with the cache's lock held, so
  // it must not call back into the cache. Waiting for deadlines always uses real time.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

// A finished RPC as replayed: the status (code, message and payloads are all kept) and, when
// OK, the serialized response message.
struct StoredResult {
  absl::Status status;
  std::string response_bytes;
};

// Counters and gauges for metrics; all cumulative since construction except the gauges.
struct CacheStats {
  uint64_t owners = 0;             // Begin() -> kOwner
  uint64_t replays = 0;            // Begin() -> kReplay
  uint64_t conflicts = 0;          // Begin() -> kConflict
  uint64_t waits = 0;              // Begin() calls that waited for a running owner
  uint64_t deadline_exceeded = 0;  // Begin() gave up waiting
  uint64_t evictions = 0;          // results dropped for max_entries / max_bytes
  uint64_t expirations = 0;        // results dropped because their TTL passed
  uint64_t not_retained = 0;       // completed results not kept (too large, ttl/max_entries 0)
  size_t waiting = 0;              // gauge: Begin() calls blocked right now
  size_t in_flight = 0;            // gauge: keys with an owner running (or being handed on)
};

// The charge of one finished result against max_bytes: the scope, the key, the response,
// the status message and each payload's type URL and bytes. Container overhead is not
// counted, so real memory use is somewhat higher.
size_t ChargeOf(absl::string_view scope, absl::string_view key, const StoredResult& result);

// A fingerprint of a request's serialized bytes for Begin(). Stable within one process only
// (abseil seeds its hash per process), which is all a per-process cache needs. The bytes
// must come from deterministic serialization (protobuf maps otherwise serialise in any
// order), or two identical requests may be told they conflict.
inline uint64_t FingerprintOf(absl::string_view request_bytes) {
  return absl::Hash<absl::string_view>{}(request_bytes);
}

// The error a caller returns for kConflict: INVALID_ARGUMENT, naming no key.
absl::Status KeyReusedError();

class IdempotencyCache {
 private:
  struct Entry;

 public:
  // The outcome of Begin():
  //  kOwner:    no finished result for the key; the caller runs the RPC and must then call
  //             Complete() or Abandon() with the Claim (destroying it abandons).
  //  kReplay:   a finished result exists for the same fingerprint: `stored` holds a copy.
  //  kConflict: the key holds a result for a different fingerprint within the TTL.
  enum class Outcome { kOwner, kReplay, kConflict };

  // Ownership of one in-flight key. Movable, not copyable. Destroying (or assigning over) an
  // active Claim abandons it. The cache must outlive every Claim.
  class Claim {
   public:
    // An inactive claim (what Begin() returns for kReplay and kConflict).
    Claim() = default;
    Claim(Claim&& other) noexcept;
    Claim& operator=(Claim&& other) noexcept;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    ~Claim();

    // True while this claim owns its key (until Complete, Abandon or a move from it).
    bool active() const { return entry_ != nullptr; }

   private:
    friend class IdempotencyCache;
    Claim(IdempotencyCache* cache, std::shared_ptr<Entry> entry, uint64_t id);

    IdempotencyCache* cache_ = nullptr;
    std::shared_ptr<Entry> entry_;
    uint64_t id_ = 0;
  };

  struct BeginResult {
    Outcome outcome = Outcome::kOwner;
    Claim claim;          // active only for kOwner
    StoredResult stored;  // set only for kReplay
  };

  explicit IdempotencyCache(CacheOptions options);
  IdempotencyCache(const IdempotencyCache&) = delete;
  IdempotencyCache& operator=(const IdempotencyCache&) = delete;
  // Every Claim must be gone and no Begin() may be running.
  ~IdempotencyCache();

  // Looks up `key` within `scope` (separate key spaces; the gateway passes
  // "<method>/<connection>"). `fingerprint` identifies the request (FingerprintOf()). If an
  // owner of the same scope+key is running, waits as the file comment describes until
  // `deadline` (absl::InfiniteFuture() waits for ever); then DEADLINE_EXCEEDED. That is the
  // only error.
  absl::StatusOr<BeginResult> Begin(absl::string_view scope, absl::string_view key,
                                    uint64_t fingerprint, absl::Time deadline);

  // Stores `result` for replay for the TTL (unless it is not retained, see the file comment)
  // and hands it to every waiting duplicate. An inactive claim is ignored; a claim of another
  // cache is passed on to it.
  void Complete(Claim claim, StoredResult result);

  // Stores nothing (e.g. after a transient failure): one waiting duplicate, if any, becomes
  // the owner; otherwise the key is free. Claims are treated as by Complete().
  void Abandon(Claim claim);

  // Finished results held right now (expired ones not yet purged included).
  size_t size() const;
  // Sum of ChargeOf() over the finished results held.
  size_t bytes() const;
  CacheStats stats() const;

 private:
  using EntryList = std::list<Entry*>;

  BeginResult NewOwnerLocked(std::string composite_key, size_t key_charge, uint64_t fingerprint);
  void ReleaseLocked(Claim& claim, StoredResult* result);
  void PurgeExpiredLocked(absl::Time now);
  // Drops a finished entry from the indexes and, if it is still the map's entry, the map.
  void RemoveLocked(Entry* entry);
  void EraseFromMapLocked(Entry* entry);
  void EvictLocked();

  const CacheOptions options_;
  mutable std::mutex mu_;
  // Keyed by a view of Entry::key, which lives as long as the map holds the entry.
  std::unordered_map<absl::string_view, std::shared_ptr<Entry>, absl::Hash<absl::string_view>>
      entries_;          // guarded by mu_
  EntryList lru_;        // finished entries, most recently used first; guarded by mu_
  EntryList by_expiry_;  // finished entries in Complete() order, oldest first; guarded by mu_
  size_t bytes_ = 0;     // guarded by mu_
  uint64_t next_claim_id_ = 0;  // guarded by mu_
  CacheStats stats_;            // guarded by mu_
};

}  // namespace leadgw::service::idempotency

#endif  // LEADGW_SERVICE_IDEMPOTENCY_IDEMPOTENCY_CACHE_H_
