// The one simulated Clock of the tests: time stands still until a test advances it or code under test
// "sleeps", which advances it at once and records the requested duration.
#ifndef LEADGW_TESTING_FAKE_CLOCK_H_
#define LEADGW_TESTING_FAKE_CLOCK_H_

#include <mutex>
#include <vector>

#include "absl/time/time.h"
#include "common/clock.h"

namespace leadgw::testing_util {

// Thread-safe (one std::mutex), so concurrency tests can share it.
class FakeClock final : public Clock {
 public:
  // Starts at an arbitrary fixed instant (not the epoch, so "zero time" bugs show).
  FakeClock() : now_(absl::FromUnixSeconds(1'700'000'000)) {}
  explicit FakeClock(absl::Time start) : now_(start) {}

  absl::Time Now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }

  // Records `d` (even when <= 0, so tests see every sleep request) and advances Now() by
  // max(d, 0) without blocking.
  void SleepFor(absl::Duration d) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
    if (d > absl::ZeroDuration()) now_ += d;
  }

  // Jumps to `t` without recording a sleep.
  void Set(absl::Time t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }

  // Moves time forward by `d` without recording a sleep.
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }

  // Every duration passed to SleepFor, in call order.
  std::vector<absl::Duration> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

  // The sum of the positive sleeps.
  absl::Duration total_slept() const {
    std::lock_guard<std::mutex> lock(mu_);
    absl::Duration total;
    for (absl::Duration d : sleeps_) {
      if (d > absl::ZeroDuration()) total += d;
    }
    return total;
  }

 private:
  mutable std::mutex mu_;
  absl::Time now_;
  std::vector<absl::Duration> sleeps_;
};

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_FAKE_CLOCK_H_
