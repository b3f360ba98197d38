#include "jobs/journal.h"

#include <cstdint>
#include <mutex>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace leadgw::jobs {

std::string NewJobId(absl::Time now) {
  // std::mutex, not absl::Mutex: visible to ThreadSanitizer (tools/tsan_targets).
  static std::mutex* const mu = new std::mutex();
  static absl::BitGen* bitgen = new absl::BitGen();
  uint64_t high;
  uint32_t low;
  {
    std::lock_guard<std::mutex> lock(*mu);
    high = absl::Uniform<uint64_t>(*bitgen);
    low = absl::Uniform<uint32_t>(*bitgen);
  }
  // 12 + 16 + 4 hex digits: time, then 80 random bits.
  return absl::StrFormat("job-%012x%016x%04x", absl::ToUnixMillis(now), high, low & 0xffffu);
}

}  // namespace leadgw::jobs
