#include "upstream/guard/latency_estimator.h"

#include <algorithm>

namespace leadgw::upstream {

void LatencyEstimator::Record(absl::string_view endpoint, absl::Duration latency) {
  latency = std::max(latency, absl::ZeroDuration());
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = smoothed_.try_emplace(endpoint, latency);
  if (!inserted) it->second += (latency - it->second) / 8;
}

absl::Duration LatencyEstimator::Expected(absl::string_view endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = smoothed_.find(endpoint);
  return it == smoothed_.end() ? absl::ZeroDuration() : it->second;
}

}  // namespace leadgw::upstream
