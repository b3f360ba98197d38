// KeyedSerializer: at most one holder per key at a time.
//
// Upserts that look a record up and then create it are not atomic upstream: two concurrent
// "createOrUpdate alice@example.com" calls can both miss and both create. Adapters take a
// Lease on (connection, lookup field, normalised value) around the look-up and the write,
// so such calls run one after the other inside one gateway process, while calls on other
// keys proceed in parallel. In fleet mode the lease also holds the key across the replicas
// (upstream/coord/key_locks.h) until the holder's deadline plus `hold_margin` (the
// longest endpoint timeout: an abandoned call may still run that long upstream). If Redis
// cannot be reached the lease holds the key in this process only, and says so
// (fleet_bypassed): writes go on, at the risk of a duplicate from a concurrent upsert of
// the same new key on another replica (docs/adr/0004-fleet-coordination-down.md).
//
// Memory is bounded by the keys in use: an entry exists only while a Lease is held or a
// caller waits for one, and is removed when the last of them leaves.
//
// Uses std::mutex / std::condition_variable rather than absl::Mutex: Debian's abseil is not
// built with TSan, which would then report false races. Thread-safe.
#ifndef LEADGW_BACKENDS_COMMON_KEYED_SERIALIZER_H_
#define LEADGW_BACKENDS_COMMON_KEYED_SERIALIZER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/coord/key_locks.h"

namespace leadgw::backends::common {

class KeyedSerializer {
 private:
  struct Entry {
    bool held = false;
    int users = 0;  // the holder plus the waiters
    std::condition_variable released;
  };

 public:
  // Proof of holding one key; releases it when destroyed. Movable, not copyable.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

   private:
    friend class KeyedSerializer;
    Lease(KeyedSerializer* owner, std::string key, std::string fleet_token)
        : owner_(owner), key_(std::move(key)), fleet_token_(std::move(fleet_token)) {}
    void Release();

    KeyedSerializer* owner_;
    std::string key_;
    std::string fleet_token_;  // empty: held in this process only
  };

  // `fleet` (may be null): the fleet-wide locks of fleet mode.
  explicit KeyedSerializer(std::shared_ptr<upstream::coord::KeyLocks> fleet = nullptr,
                           absl::Duration hold_margin = absl::Minutes(3))
      : fleet_(std::move(fleet)), hold_margin_(hold_margin) {}
  KeyedSerializer(const KeyedSerializer&) = delete;
  KeyedSerializer& operator=(const KeyedSerializer&) = delete;
  // Every Lease must be gone before the serializer is destroyed.
  ~KeyedSerializer() = default;

  // Waits until nobody holds `key`, then holds it. Waiters are woken one at a time; the
  // order among them is unspecified. DEADLINE_EXCEEDED when `deadline` passes first
  // (absl::InfiniteFuture() waits for ever).
  absl::StatusOr<Lease> Acquire(absl::string_view key, absl::Time deadline);

  // Holds every key of `keys` (duplicates once), as Acquire() of each would, in sorted
  // order: two callers sharing keys then never each hold one the other waits for. All or
  // nothing: on an error none is held. Without fleet locks the local holds of the whole
  // batch take one lock round, not one per key (300 for a full upsert call).
  absl::StatusOr<std::vector<Lease>> AcquireAll(std::vector<std::string> keys,
                                                absl::Time deadline);

  // Keys currently held or waited for: the entries kept in memory.
  size_t ActiveKeys() const;

  // Leases granted in this process only because the fleet's Redis was unreachable.
  int64_t fleet_bypassed() const { return fleet_bypassed_.load(); }

 private:
  // Waits (releasing `lock` on mu_ meanwhile) until nobody holds `key`, then holds it in
  // this process. DEADLINE_EXCEEDED when `deadline` passes first.
  absl::Status HoldLocal(const std::string& key, absl::Time deadline,
                         std::unique_lock<std::mutex>& lock);
  void Release(const std::string& key, const std::string& fleet_token);
  void ReleaseLocal(const std::string& key);
  // After the local hold: the fleet-wide one (empty token when bypassed).
  absl::StatusOr<std::string> LockFleet(const std::string& key, absl::Time deadline);

  const std::shared_ptr<upstream::coord::KeyLocks> fleet_;
  const absl::Duration hold_margin_;
  std::atomic<int64_t> fleet_bypassed_{0};

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;  // guarded by mu_
};

// An unambiguous key from parts that may contain any byte (each is length-prefixed):
// MakeSerializationKey({connection, "email", NormalizeLookupValue(email)}).
std::string MakeSerializationKey(std::initializer_list<absl::string_view> parts);

// The form of a look-up value two upserts must share to be serialised together: ASCII
// whitespace trimmed and ASCII letters lower-cased (upstream look-ups of emails and names
// ignore ASCII case; serialising a few more calls than needed is harmless).
std::string NormalizeLookupValue(absl::string_view value);

// MakeSerializationKey({parts..., NormalizeLookupValue(value)}) where
// `prefix` == MakeSerializationKey({parts...}), in one allocation: the duplicate guard
// builds one per record of every upsert.
std::string MakeLookupKey(absl::string_view prefix, absl::string_view value);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_KEYED_SERIALIZER_H_
