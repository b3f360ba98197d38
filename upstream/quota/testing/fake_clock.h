// A settable clock for tests of the capacity gate (thread-safe).
#ifndef LEADGW_UPSTREAM_QUOTA_TESTING_FAKE_CLOCK_H_
#define LEADGW_UPSTREAM_QUOTA_TESTING_FAKE_CLOCK_H_

#include <functional>
#include <mutex>

#include "absl/time/time.h"

namespace leadgw::upstream::quota::testing {

class FakeClock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1700000000)) : now_(start) {}

  absl::Time Now() const {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(absl::Time t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  // The clock as GateOptions::now; the FakeClock must outlive its users.
  std::function<absl::Time()> AsFunction() {
    return [this] { return Now(); };
  }

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

}  // namespace leadgw::upstream::quota::testing

#endif  // LEADGW_UPSTREAM_QUOTA_TESTING_FAKE_CLOCK_H_
