#include "upstream/quota/internal/share_reserves.h"

#include <algorithm>

namespace leadgw::upstream::quota_internal {

ShareReserves::ShareReserves(const std::vector<int>& reserved, absl::Duration span) {
  for (int calls : reserved) {
    logs_.push_back(calls > 0 ? std::make_unique<WindowLog>(calls, span) : nullptr);
    any_ = any_ || calls > 0;
  }
}

void ShareReserves::Open(int share) {
  if (share >= 0 && share < static_cast<int>(logs_.size()) && logs_[share] != nullptr) {
    logs_[share]->Open();
  }
}

void ShareReserves::Close(int share, absl::Time t) {
  if (share >= 0 && share < static_cast<int>(logs_.size()) && logs_[share] != nullptr) {
    logs_[share]->Close(t);
  }
}

bool ShareReserves::HasRoom(int share, absl::Time now) const {
  if (share < 0 || share >= static_cast<int>(logs_.size()) || logs_[share] == nullptr) {
    return false;
  }
  const WindowLog& log = *logs_[share];
  return log.CountAt(now) < log.capacity();
}

int ShareReserves::HeldFrom(int share, absl::Time now) const {
  int held = 0;
  for (int other = 0; other < static_cast<int>(logs_.size()); ++other) {
    if (other == share || logs_[other] == nullptr) continue;
    held += std::max(0, logs_[other]->capacity() - logs_[other]->CountAt(now));
  }
  return held;
}

int ShareReserves::RunningHeldFrom(int share) const {
  int held = 0;
  for (int other = 0; other < static_cast<int>(logs_.size()); ++other) {
    if (other == share || logs_[other] == nullptr) continue;
    held += std::max(0, logs_[other]->capacity() - logs_[other]->open());
  }
  return held;
}

}  // namespace leadgw::upstream::quota_internal
