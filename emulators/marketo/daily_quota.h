// Marketo's daily API call quota, reset at midnight US Central Standard Time.
#ifndef LEADGW_EMULATORS_MARKETO_DAILY_QUOTA_H_
#define LEADGW_EMULATORS_MARKETO_DAILY_QUOTA_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "emulators/common/rolling_window_limiter.h"

namespace leadgw::emulators::marketo {

// Thread-safe counter of calls per CST day (UTC-6, no daylight saving, as the docs
// state "12:00 AM CST").
class DailyQuota {
 public:
  // `limit` <= 0 disables the quota.
  DailyQuota(int limit, common::NowFunction now);

  // Counts the call, or returns false once `limit` calls were made today.
  bool TryConsume();
  int UsedToday() const;
  void Reset();

 private:
  int64_t DayIndex() const;

  const int limit_;
  const common::NowFunction now_;
  mutable absl::Mutex mu_;
  int64_t day_ ABSL_GUARDED_BY(mu_) = -1;
  int used_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_DAILY_QUOTA_H_
