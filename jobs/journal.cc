#include "jobs/journal.h"

#include <cstdint>
#include <mutex>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
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

absl::Status CheckStateRecords(absl::string_view scope, const std::vector<StateRecord>& records) {
  constexpr size_t kMaxScopeBytes = 200;
  constexpr size_t kMaxKeyBytes = 1000;
  if (scope.empty() || scope.size() > kMaxScopeBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("state scope must be 1 to ", kMaxScopeBytes, " bytes"));
  }
  for (const StateRecord& record : records) {
    if (record.key.empty() || record.key.size() > kMaxKeyBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("state key must be 1 to ", kMaxKeyBytes, " bytes"));
    }
  }
  return absl::OkStatus();
}

}  // namespace leadgw::jobs
