#include "service/idempotency/idempotency_cache.h"

#include <chrono>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace leadgw::service::idempotency {

// One scope+key. Shared by the map, the owner's Claim and every waiter, so a waiter can
// still read a result that was evicted (or never retained) after it was completed.
struct IdempotencyCache::Entry {
  enum class State {
    kInFlight,  // an owner runs the RPC
    kVacant,    // the owner abandoned while others waited; the first to look takes it
    kDone,      // `result` is final; never changes state again
  };

  Entry(std::string composite_key, size_t key_charge)
      : key(std::move(composite_key)), key_charge(key_charge) {}

  const std::string key;    // the map's key points into this string
  const size_t key_charge;  // scope.size() + key.size(), as ChargeOf() counts them
  State state = State::kInFlight;
  uint64_t fingerprint = 0;  // of the owner's request, then of the stored result
  uint64_t owner_id = 0;     // the Claim that may finish a kInFlight entry
  int waiters = 0;           // Begin() calls blocked on `changed`
  std::condition_variable changed;
  // Set when kDone.
  StoredResult result;
  absl::Time expires_at;
  size_t charge = 0;
  bool indexed = false;  // in lru_ and by_expiry_ (and so counted in bytes_)
  EntryList::iterator lru_it;
  EntryList::iterator expiry_it;
};

namespace {

// Unambiguous for any bytes in scope and key.
std::string CompositeKey(absl::string_view scope, absl::string_view key) {
  return absl::StrCat(scope.size(), ":", scope, key);
}

// Beyond this a deadline is treated as "never": std::condition_variable::wait_until with a
// time point near the clock's maximum is not reliable.
constexpr absl::Duration kForever = absl::Hours(24 * 365);

}  // namespace

size_t ChargeOf(absl::string_view scope, absl::string_view key, const StoredResult& result) {
  size_t charge =
      scope.size() + key.size() + result.response_bytes.size() + result.status.message().size();
  result.status.ForEachPayload([&charge](absl::string_view type_url, const absl::Cord& payload) {
    charge += type_url.size() + payload.size();
  });
  return charge;
}

absl::Status KeyReusedError() {
  return absl::InvalidArgumentError("idempotency-key reused with a different request");
}

// ---- Claim ----

IdempotencyCache::Claim::Claim(IdempotencyCache* cache, std::shared_ptr<Entry> entry, uint64_t id)
    : cache_(cache), entry_(std::move(entry)), id_(id) {}

IdempotencyCache::Claim::Claim(Claim&& other) noexcept
    : cache_(std::exchange(other.cache_, nullptr)),
      entry_(std::move(other.entry_)),
      id_(std::exchange(other.id_, 0)) {}

IdempotencyCache::Claim& IdempotencyCache::Claim::operator=(Claim&& other) noexcept {
  if (this != &other) {
    if (active()) cache_->Abandon(std::move(*this));
    cache_ = std::exchange(other.cache_, nullptr);
    entry_ = std::move(other.entry_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

IdempotencyCache::Claim::~Claim() {
  if (active()) cache_->Abandon(std::move(*this));
}

// ---- IdempotencyCache ----

IdempotencyCache::IdempotencyCache(CacheOptions options) : options_(std::move(options)) {}

IdempotencyCache::~IdempotencyCache() = default;

absl::StatusOr<IdempotencyCache::BeginResult> IdempotencyCache::Begin(absl::string_view scope,
                                                                      absl::string_view key,
                                                                      uint64_t fingerprint,
                                                                      absl::Time deadline) {
  std::string composite = CompositeKey(scope, key);
  const bool forever = deadline - absl::Now() > kForever;
  const auto chrono_deadline = absl::ToChronoTime(deadline);

  std::unique_lock<std::mutex> lock(mu_);
  const absl::Time now = options_.now();
  PurgeExpiredLocked(now);
  auto it = entries_.find(composite);
  if (it != entries_.end() && it->second->state == Entry::State::kDone &&
      it->second->expires_at <= now) {
    // Out of expiry order only when the injected clock went backwards; ignore it all the same.
    ++stats_.expirations;
    RemoveLocked(it->second.get());
    it = entries_.end();
  }
  if (it == entries_.end()) {
    return NewOwnerLocked(std::move(composite), scope.size() + key.size(), fingerprint);
  }

  // Keeps the entry (and its condition variable) alive even if the map drops it.
  std::shared_ptr<Entry> entry = it->second;
  bool waited = false;
  bool timed_out = false;
  auto stop_waiting = [&] {
    if (!waited) return;
    --entry->waiters;
    --stats_.waiting;
  };
  for (;;) {
    switch (entry->state) {
      case Entry::State::kDone: {
        // A waiter replays even a result that has since expired or was never retained: it
        // is a duplicate of the request that produced it.
        stop_waiting();
        BeginResult result;
        if (entry->fingerprint != fingerprint) {
          ++stats_.conflicts;
          result.outcome = Outcome::kConflict;
          return result;
        }
        if (entry->indexed) lru_.splice(lru_.begin(), lru_, entry->lru_it);
        ++stats_.replays;
        result.outcome = Outcome::kReplay;
        result.stored = entry->result;
        return result;
      }
      case Entry::State::kVacant: {
        // Handed on by an Abandon(); whoever looks first (a woken waiter or a new caller)
        // owns it, and a waiter that was notified but lost the race waits for the new owner.
        // A waiter whose deadline passed just as it was woken takes it too: declining would
        // need another wake-up for the remaining waiters, and its caller checks its own
        // deadline before running the RPC anyway.
        stop_waiting();
        entry->state = Entry::State::kInFlight;
        entry->fingerprint = fingerprint;
        entry->owner_id = ++next_claim_id_;
        ++stats_.owners;
        BeginResult result;
        result.outcome = Outcome::kOwner;
        result.claim = Claim(this, entry, entry->owner_id);
        return result;
      }
      case Entry::State::kInFlight:
        if (timed_out) {
          stop_waiting();
          ++stats_.deadline_exceeded;
          return absl::DeadlineExceededError(
              "an earlier request with this idempotency-key is still running");
        }
        if (!waited) {
          waited = true;
          ++stats_.waits;
          ++entry->waiters;
          ++stats_.waiting;
        }
        if (forever) {
          entry->changed.wait(lock);
        } else {
          timed_out = entry->changed.wait_until(lock, chrono_deadline) == std::cv_status::timeout;
        }
        break;
    }
  }
}

void IdempotencyCache::Complete(Claim claim, StoredResult result) {
  if (claim.active() && claim.cache_ != this) {  // misuse; the entry is guarded by its cache
    claim.cache_->Complete(std::move(claim), std::move(result));
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ReleaseLocked(claim, &result);
}

void IdempotencyCache::Abandon(Claim claim) {
  if (claim.active() && claim.cache_ != this) {
    claim.cache_->Abandon(std::move(claim));
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ReleaseLocked(claim, nullptr);
}

size_t IdempotencyCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

size_t IdempotencyCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

CacheStats IdempotencyCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  CacheStats stats = stats_;
  stats.in_flight = entries_.size() - lru_.size();
  return stats;
}

IdempotencyCache::BeginResult IdempotencyCache::NewOwnerLocked(std::string composite_key,
                                                               size_t key_charge,
                                                               uint64_t fingerprint) {
  auto entry = std::make_shared<Entry>(std::move(composite_key), key_charge);
  entry->fingerprint = fingerprint;
  entry->owner_id = ++next_claim_id_;
  entries_.emplace(absl::string_view(entry->key), entry);
  ++stats_.owners;
  BeginResult result;
  result.outcome = Outcome::kOwner;
  result.claim = Claim(this, entry, entry->owner_id);
  return result;
}

// Completes (result != nullptr) or abandons the claim's entry, and deactivates the claim.
void IdempotencyCache::ReleaseLocked(Claim& claim, StoredResult* result) {
  std::shared_ptr<Entry> entry = std::move(claim.entry_);
  claim.cache_ = nullptr;
  if (entry == nullptr || entry->state != Entry::State::kInFlight || entry->owner_id != claim.id_) {
    return;  // inactive
  }
  if (result == nullptr) {
    if (entry->waiters > 0) {
      entry->state = Entry::State::kVacant;
      entry->changed.notify_one();
    } else {
      EraseFromMapLocked(entry.get());
    }
    return;
  }

  const absl::Time now = options_.now();
  PurgeExpiredLocked(now);
  entry->state = Entry::State::kDone;
  entry->result = std::move(*result);
  entry->expires_at = now + options_.ttl;
  entry->charge = entry->key_charge + ChargeOf("", "", entry->result);
  const bool retain = options_.ttl > absl::ZeroDuration() && options_.max_entries > 0 &&
                      entry->charge <= options_.max_bytes;
  if (retain) {
    entry->indexed = true;
    entry->lru_it = lru_.insert(lru_.begin(), entry.get());
    entry->expiry_it = by_expiry_.insert(by_expiry_.end(), entry.get());
    bytes_ += entry->charge;
    EvictLocked();
  } else {
    ++stats_.not_retained;
    EraseFromMapLocked(entry.get());
  }
  entry->changed.notify_all();
}

void IdempotencyCache::PurgeExpiredLocked(absl::Time now) {
  while (!by_expiry_.empty() && by_expiry_.front()->expires_at <= now) {
    ++stats_.expirations;
    RemoveLocked(by_expiry_.front());
  }
}

void IdempotencyCache::RemoveLocked(Entry* entry) {
  if (entry->indexed) {
    lru_.erase(entry->lru_it);
    by_expiry_.erase(entry->expiry_it);
    bytes_ -= entry->charge;
    entry->indexed = false;
  }
  EraseFromMapLocked(entry);
}

void IdempotencyCache::EraseFromMapLocked(Entry* entry) {
  auto it = entries_.find(absl::string_view(entry->key));
  if (it == entries_.end() || it->second.get() != entry) return;
  // The map's key views entry->key: keep the entry alive until the node is gone.
  std::shared_ptr<Entry> keep = std::move(it->second);
  entries_.erase(it);
}

void IdempotencyCache::EvictLocked() {
  while (!lru_.empty() && (lru_.size() > options_.max_entries || bytes_ > options_.max_bytes)) {
    ++stats_.evictions;
    RemoveLocked(lru_.back());
  }
}

}  // namespace leadgw::service::idempotency
