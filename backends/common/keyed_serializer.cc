#include "backends/common/keyed_serializer.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace leadgw::backends::common {

KeyedSerializer::Lease::Lease(Lease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      key_(std::move(other.key_)),
      fleet_token_(std::move(other.fleet_token_)) {}

KeyedSerializer::Lease& KeyedSerializer::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    key_ = std::move(other.key_);
    fleet_token_ = std::move(other.fleet_token_);
  }
  return *this;
}

KeyedSerializer::Lease::~Lease() { Release(); }

void KeyedSerializer::Lease::Release() {
  if (owner_ == nullptr) return;
  owner_->Release(key_, fleet_token_);
  owner_ = nullptr;
}

absl::StatusOr<KeyedSerializer::Lease> KeyedSerializer::Acquire(absl::string_view key,
                                                                absl::Time deadline) {
  std::string owned_key(key);
  std::unique_lock<std::mutex> lock(mu_);
  absl::Status held = HoldLocal(owned_key, deadline, lock);
  if (!held.ok()) return held;
  lock.unlock();
  absl::StatusOr<std::string> fleet_token = LockFleet(owned_key, deadline);
  if (!fleet_token.ok()) {
    ReleaseLocal(owned_key);
    return fleet_token.status();
  }
  return Lease(this, std::move(owned_key), *std::move(fleet_token));
}

absl::StatusOr<std::vector<KeyedSerializer::Lease>> KeyedSerializer::AcquireAll(
    std::vector<std::string> keys, absl::Time deadline) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<Lease> leases;  // on an error, destroying them releases what was held
  leases.reserve(keys.size());
  if (fleet_ != nullptr) {
    // Every fleet lock is a Redis round trip of its own: nothing to share between keys.
    for (const std::string& key : keys) {
      absl::StatusOr<Lease> lease = Acquire(key, deadline);
      if (!lease.ok()) return lease.status();
      leases.push_back(*std::move(lease));
    }
    return leases;
  }
  std::unique_lock<std::mutex> lock(mu_);
  for (std::string& key : keys) {
    absl::Status held = HoldLocal(key, deadline, lock);
    if (!held.ok()) {
      lock.unlock();  // the leases' release takes mu_
      return held;
    }
    leases.push_back(Lease(this, std::move(key), std::string()));
  }
  return leases;
}

absl::Status KeyedSerializer::HoldLocal(const std::string& key, absl::Time deadline,
                                        std::unique_lock<std::mutex>& lock) {
  std::unique_ptr<Entry>& slot = entries_[key];
  if (slot == nullptr) slot = std::make_unique<Entry>();
  // The Entry stays put while users > 0 even if the map rehashes (it is heap-allocated).
  Entry* entry = slot.get();
  ++entry->users;
  const bool infinite = deadline == absl::InfiniteFuture();
  const auto chrono_deadline = absl::ToChronoTime(deadline);
  while (entry->held) {
    if (infinite) {
      entry->released.wait(lock);
    } else if (entry->released.wait_until(lock, chrono_deadline) == std::cv_status::timeout &&
               entry->held) {
      if (--entry->users == 0) entries_.erase(key);
      return absl::DeadlineExceededError(
          "timed out waiting for a concurrent upsert of the same record to finish");
    }
  }
  entry->held = true;
  return absl::OkStatus();
}

absl::StatusOr<std::string> KeyedSerializer::LockFleet(const std::string& key,
                                                       absl::Time deadline) {
  if (fleet_ == nullptr) return std::string();
  // The lock outlives every write this holder could still make: calls stop at the
  // deadline, and one abandoned there may run upstream for an endpoint timeout more.
  const absl::Time last_write =
      std::min(deadline, absl::Now() + absl::Hours(1)) + hold_margin_;
  absl::StatusOr<std::string> token = fleet_->Lock(key, deadline, last_write);
  if (token.ok() || !upstream::coord::IsCoordinationOutage(token.status())) return token;
  const int64_t bypassed = ++fleet_bypassed_;
  if ((bypassed & (bypassed - 1)) == 0) {  // 1st, 2nd, 4th, 8th, ...: no log flood
    Log(LogLevel::kWarning, "duplicate guard held in this process only: fleet Redis unreachable",
        {{"error", std::string(token.status().message())},
         {"times", absl::StrCat(bypassed)}});
  }
  return std::string();
}

void KeyedSerializer::Release(const std::string& key, const std::string& fleet_token) {
  // The fleet lock first: a local waiter then finds it free at once.
  if (fleet_ != nullptr && !fleet_token.empty()) fleet_->Unlock(key, fleet_token);
  ReleaseLocal(key);
}

void KeyedSerializer::ReleaseLocal(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;  // cannot happen: a Lease keeps its entry alive
  Entry* entry = it->second.get();
  entry->held = false;
  if (--entry->users == 0) {
    entries_.erase(it);
  } else {
    entry->released.notify_one();
  }
}

size_t KeyedSerializer::ActiveKeys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

std::string MakeSerializationKey(std::initializer_list<absl::string_view> parts) {
  // Sized once: the duplicate guard builds one key per record of every upsert.
  size_t size = 0;
  for (absl::string_view part : parts) size += part.size() + 22;  // digits, ':' and ';'
  std::string key;
  key.reserve(size);
  for (absl::string_view part : parts) absl::StrAppend(&key, part.size(), ":", part, ";");
  return key;
}

std::string MakeLookupKey(absl::string_view prefix, absl::string_view value) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
  std::string key;
  key.reserve(prefix.size() + trimmed.size() + 22);  // digits, ':' and ';'
  key.append(prefix.data(), prefix.size());
  absl::StrAppend(&key, trimmed.size(), ":");
  const size_t start = key.size();
  key.append(trimmed.data(), trimmed.size());
  // In place, as NormalizeLookupValue lowers them: ASCII letters only.
  for (size_t i = start; i < key.size(); ++i) key[i] = absl::ascii_tolower(key[i]);
  key.push_back(';');
  return key;
}

std::string NormalizeLookupValue(absl::string_view value) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
}

}  // namespace leadgw::backends::common
