#include "upstream/quota/internal/daily_budget.h"

#include <algorithm>

namespace leadgw::upstream::quota_internal {
namespace {

constexpr int64_t kSecondsPerDay = 24 * 60 * 60;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

absl::Time DayStart(absl::Time t, absl::Duration offset) {
  const int64_t offset_seconds = absl::ToInt64Seconds(offset);
  // ToUnixSeconds rounds towards the infinite past, so a day starts exactly at midnight.
  const int64_t local = absl::ToUnixSeconds(t) + offset_seconds;
  return absl::FromUnixSeconds(FloorDiv(local, kSecondsPerDay) * kSecondsPerDay - offset_seconds);
}

DailyBudget::DailyBudget(int quota, int reserve, absl::Duration day_start_utc_offset)
    : quota_(std::max(quota, 0)),
      reserve_(std::clamp(reserve, 0, std::max(quota, 0))),
      offset_seconds_(absl::ToInt64Seconds(day_start_utc_offset)) {}

void DailyBudget::Advance(absl::Time now) {
  // The common case (same day) costs one comparison.
  if (now < next_reset_) return;
  next_reset_ = DayStart(now, absl::Seconds(offset_seconds_)) + absl::Hours(24);
  used_ = 0;
  exhausted_ = false;
  cap_.reset();
}

bool DailyBudget::Allows(http::RequestPriority priority, int64_t ahead) const {
  if (exhausted_) return false;
  if (cap_.has_value() && used_ + ahead >= *cap_) return false;
  if (quota_ == 0) return true;
  return used_ + ahead < LimitFor(priority);
}

int DailyBudget::LimitFor(http::RequestPriority priority) const {
  return priority == http::RequestPriority::kBulk ? quota_ - reserve_ : quota_;
}

}  // namespace leadgw::upstream::quota_internal
