#include "upstream/guard/latency_estimator.h"

#include <algorithm>

namespace leadgw::upstream {

void LatencyEstimator::Record(absl::string_view endpoint, absl::Duration latency) {
  latency = std::max(latency, absl::ZeroDuration());
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = estimates_.try_emplace(endpoint, Estimate{latency, latency / 2});
  if (inserted) return;
  Estimate& estimate = it->second;
  // RFC 6298's order: the deviation is measured against the mean before this sample.
  estimate.deviation += (absl::AbsDuration(estimate.smoothed - latency) - estimate.deviation) / 4;
  estimate.smoothed += (latency - estimate.smoothed) / 8;
}

absl::Duration LatencyEstimator::Expected(absl::string_view endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = estimates_.find(endpoint);
  return it == estimates_.end() ? absl::ZeroDuration() : it->second.smoothed;
}

absl::Duration LatencyEstimator::Needed(absl::string_view endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = estimates_.find(endpoint);
  return it == estimates_.end() ? absl::ZeroDuration()
                                : it->second.smoothed + 4 * it->second.deviation;
}

}  // namespace leadgw::upstream
