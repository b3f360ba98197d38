#include "emulators/common/request_log.h"

#include <utility>

namespace leadgw::emulators::common {

RequestLog::RequestLog(size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

void RequestLog::Record(ReceivedRequest request) {
  absl::MutexLock lock(&mu_);
  if (requests_.size() == capacity_) requests_.pop_front();
  requests_.push_back(std::move(request));
}

std::vector<ReceivedRequest> RequestLog::Recent() const {
  absl::MutexLock lock(&mu_);
  return std::vector<ReceivedRequest>(requests_.begin(), requests_.end());
}

void RequestLog::Clear() {
  absl::MutexLock lock(&mu_);
  requests_.clear();
}

}  // namespace leadgw::emulators::common
