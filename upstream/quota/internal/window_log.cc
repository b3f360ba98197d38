#include "upstream/quota/internal/window_log.h"

#include <algorithm>

namespace leadgw::upstream::quota_internal {

WindowLog::WindowLog(int capacity, absl::Duration span)
    : capacity_(std::max(capacity, 0)), limit_(capacity_), span_(span) {
  times_.resize(capacity_);
}

void WindowLog::SetLimit(int limit) {
  if (capacity_ > 0) limit_ = std::clamp(limit, 1, capacity_);
}

absl::Time WindowLog::EarliestSlot(absl::Time floor, int ahead) const {
  if (capacity_ == 0) return floor;
  // The calls so far, oldest first: the logged ends, then the open calls (taken to end
  // at `floor`). Future admissions a_0, a_1, ... each need the call `limit_` calls
  // earlier to have ended at least `span_` before. For j < limit_ that earlier call is a
  // past one (or does not exist); for j >= limit_ it is a_{j - limit_}.
  // Hence a_j = a_{j mod limit_} + (j / limit_) * span_. The ring holds the newest
  // capacity_ >= limit_ ends, so the entry needed is always there.
  const int r = ahead % limit_;
  const int q = ahead / limit_;
  absl::Time first = floor;
  const int index = size_ + open_ + r - limit_;
  if (index >= size_) {
    first = floor + span_;
  } else if (index >= 0) {
    first = std::max(first, Entry(index) + span_);
  }
  return first + q * span_;
}

void WindowLog::Open() {
  if (capacity_ > 0) ++open_;
}

void WindowLog::Close(absl::Time t) {
  if (capacity_ == 0) return;
  if (open_ > 0) --open_;
  Record(t);
}

void WindowLog::Record(absl::Time t) {
  if (capacity_ == 0) return;
  if (size_ > 0) t = std::max(t, Entry(size_ - 1));
  if (size_ < capacity_) {
    times_[(start_ + size_) % capacity_] = t;
    ++size_;
    return;
  }
  times_[start_] = t;
  start_ = (start_ + 1) % capacity_;
}

int WindowLog::CountAt(absl::Time now) const {
  int count = open_;
  for (int i = size_ - 1; i >= 0 && Entry(i) > now - span_; --i) ++count;
  return count;
}

absl::Time WindowLog::OldestAt(absl::Time now) const {
  for (int i = 0; i < size_; ++i) {
    if (Entry(i) > now - span_) return Entry(i);
  }
  return open_ > 0 ? now : absl::InfiniteFuture();
}

}  // namespace leadgw::upstream::quota_internal
