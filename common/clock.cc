#include "common/clock.h"

#include "absl/time/clock.h"

namespace leadgw {
namespace {

class SystemClock final : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
  void SleepFor(absl::Duration d) override {
    if (d > absl::ZeroDuration()) absl::SleepFor(d);
  }
};

}  // namespace

Clock& RealClock() {
  // Leaked on purpose: usable from other static destructors and thread exits.
  static Clock* const clock = new SystemClock();
  return *clock;
}

}  // namespace leadgw
