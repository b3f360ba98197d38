#include "jobs/journal.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace leadgw::jobs {

std::string NewJobId(absl::Time now) {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* bitgen = new absl::BitGen();
  uint64_t high;
  uint32_t low;
  {
    absl::MutexLock lock(&mu);
    high = absl::Uniform<uint64_t>(*bitgen);
    low = absl::Uniform<uint32_t>(*bitgen);
  }
  // 12 + 16 + 4 hex digits: time, then 80 random bits.
  return absl::StrFormat("job-%012x%016x%04x", absl::ToUnixMillis(now), high, low & 0xffffu);
}

}  // namespace leadgw::jobs
