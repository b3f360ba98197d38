#include "upstream/quota/internal/learned_limit.h"

#include <algorithm>
#include <cstdint>

namespace leadgw::upstream::quota_internal {

LearnedLimit::LearnedLimit(int configured, absl::Duration span)
    : configured_(std::max(configured, 0)),
      step_(std::max(configured_ / 20, 1)),
      span_(span),
      current_(configured_) {}

void LearnedLimit::Advance(absl::Time now) {
  if (current_ >= configured_ || span_ <= absl::ZeroDuration()) return;
  if (now <= last_change_) return;
  const int64_t spans = (now - last_change_) / span_;  // whole spans
  if (spans <= 0) return;
  const int64_t grown = current_ + spans * step_;
  current_ = static_cast<int>(std::min<int64_t>(grown, configured_));
  last_change_ += spans * span_;
}

bool LearnedLimit::OnLimitAnswer(absl::Time now) {
  if (configured_ == 0) return false;
  Advance(now);
  if (last_decrease_ != absl::InfinitePast() && now - last_decrease_ < span_) return false;
  const int halved = std::max(current_ / 2, 1);
  const bool dropped = halved < current_;
  current_ = halved;
  last_decrease_ = now;
  // The first span after a decrease is the gate's pause, not a quiet span.
  last_change_ = now + span_;
  return dropped;
}

}  // namespace leadgw::upstream::quota_internal
