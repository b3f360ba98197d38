#include "backends/common/keyed_serializer.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace leadgw::backends::common {

KeyedSerializer::Lease::Lease(Lease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), key_(std::move(other.key_)) {}

KeyedSerializer::Lease& KeyedSerializer::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

KeyedSerializer::Lease::~Lease() { Release(); }

void KeyedSerializer::Lease::Release() {
  if (owner_ == nullptr) return;
  owner_->Release(key_);
  owner_ = nullptr;
}

absl::StatusOr<KeyedSerializer::Lease> KeyedSerializer::Acquire(absl::string_view key,
                                                                absl::Time deadline) {
  std::string owned_key(key);
  std::unique_lock<std::mutex> lock(mu_);
  std::unique_ptr<Entry>& slot = entries_[owned_key];
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
      if (--entry->users == 0) entries_.erase(owned_key);
      return absl::DeadlineExceededError(
          "timed out waiting for a concurrent upsert of the same record to finish");
    }
  }
  entry->held = true;
  return Lease(this, std::move(owned_key));
}

void KeyedSerializer::Release(const std::string& key) {
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
  std::string key;
  for (absl::string_view part : parts) absl::StrAppend(&key, part.size(), ":", part, ";");
  return key;
}

std::string NormalizeLookupValue(absl::string_view value) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
}

}  // namespace leadgw::backends::common
