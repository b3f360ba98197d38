#include "emulators/common/rolling_window_limiter.h"

#include <utility>

namespace leadgw::emulators::common {

NowFunction RealClock() {
  return [] { return absl::Now(); };
}

RollingWindowLimiter::RollingWindowLimiter(int max_calls, absl::Duration window,
                                           NowFunction now)
    : now_(std::move(now)), max_calls_(max_calls), window_(window) {}

void RollingWindowLimiter::PruneLocked(absl::Time now) const {
  // A call at time t occupies the window (t, t + window]; at exactly t + window it is out.
  while (!log_.empty() && log_.front() + window_ <= now) log_.pop_front();
}

bool RollingWindowLimiter::TryAcquire() {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  if (max_calls_ <= 0) return true;
  PruneLocked(now);
  if (static_cast<int>(log_.size()) >= max_calls_) return false;
  log_.push_back(now);
  return true;
}

int RollingWindowLimiter::CountInWindow() const {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  PruneLocked(now);
  return static_cast<int>(log_.size());
}

absl::Duration RollingWindowLimiter::TimeUntilAvailable() const {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  if (max_calls_ <= 0) return absl::ZeroDuration();
  PruneLocked(now);
  if (static_cast<int>(log_.size()) < max_calls_) return absl::ZeroDuration();
  // The call that must leave before a slot frees is the (size - max + 1)-th oldest.
  const size_t index = log_.size() - static_cast<size_t>(max_calls_);
  return log_[index] + window_ - now;
}

void RollingWindowLimiter::Configure(int max_calls, absl::Duration window) {
  absl::MutexLock lock(&mu_);
  max_calls_ = max_calls;
  window_ = window;
}

void RollingWindowLimiter::Reset() {
  absl::MutexLock lock(&mu_);
  log_.clear();
}

}  // namespace leadgw::emulators::common
