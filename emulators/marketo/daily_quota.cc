#include "emulators/marketo/daily_quota.h"

#include <utility>

#include "absl/time/time.h"

namespace leadgw::emulators::marketo {

DailyQuota::DailyQuota(int limit, common::NowFunction now)
    : limit_(limit), now_(std::move(now)) {}

int64_t DailyQuota::DayIndex() const {
  const absl::TimeZone cst = absl::FixedTimeZone(-6 * 60 * 60);
  const absl::CivilDay day = absl::ToCivilDay(now_(), cst);
  return day - absl::CivilDay(1970, 1, 1);
}

bool DailyQuota::TryConsume() {
  const int64_t today = DayIndex();
  absl::MutexLock lock(&mu_);
  if (today != day_) {
    day_ = today;
    used_ = 0;
  }
  if (limit_ > 0 && used_ >= limit_) return false;
  ++used_;
  return true;
}

int DailyQuota::UsedToday() const {
  const int64_t today = DayIndex();
  absl::MutexLock lock(&mu_);
  return today == day_ ? used_ : 0;
}

void DailyQuota::Reset() {
  absl::MutexLock lock(&mu_);
  used_ = 0;
}

}  // namespace leadgw::emulators::marketo
