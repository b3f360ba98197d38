#include "metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "metrics/atomic_double.h"

namespace leadgw::metrics {
namespace {

Histogram::BucketBoundaries Normalize(Histogram::BucketBoundaries bounds) {
  bounds.erase(std::remove_if(bounds.begin(), bounds.end(),
                              [](double b) { return std::isnan(b) || b == INFINITY; }),
               bounds.end());
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

double RoundToSignificantDigits(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.12g", value);
  return std::strtod(buffer, nullptr);
}

}  // namespace

Histogram::BucketBoundaries Histogram::ExponentialBuckets(double start, double factor,
                                                          size_t count) {
  if (!(start > 0) || !(factor > 1) || count == 0 || !std::isfinite(start) ||
      !std::isfinite(factor)) {
    return {};
  }
  BucketBoundaries bounds;
  bounds.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const double raw = start * std::pow(factor, static_cast<double>(i));
    if (!std::isfinite(raw)) return {};
    const double rounded = RoundToSignificantDigits(raw);
    // Rounding could merge neighbours when factor is within 1e-12 of 1; keep the raw
    // value then so the bounds stay strictly increasing.
    bounds.push_back(!bounds.empty() && rounded <= bounds.back() ? raw : rounded);
  }
  return bounds;
}

const Histogram::BucketBoundaries& Histogram::DefaultLatencyBuckets() {
  static const auto* const kBuckets = new BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5,    1,       2.5,    5,     10,     20,    30,   60,    90,   120, 180};
  return *kBuckets;
}

absl::Status Histogram::ValidateBuckets(const BucketBoundaries& bounds) {
  if (bounds.empty()) {
    return absl::InvalidArgumentError("histogram needs at least one bucket bound");
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    const double b = bounds[i];
    if (std::isnan(b) || b == -INFINITY) {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram bucket bound ", i, " is NaN or -Inf"));
    }
    if (b == INFINITY && i + 1 != bounds.size()) {
      return absl::InvalidArgumentError("histogram bound +Inf may only be the last bound");
    }
    if (i > 0 && !(bounds[i - 1] < b)) {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram bucket bounds must be strictly increasing; bound ", i, " (", b,
                       ") follows ", bounds[i - 1]));
    }
  }
  return absl::OkStatus();
}

Histogram::Histogram(const BucketBoundaries& bounds)
    : bounds_(Normalize(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    counts_[i].store(0, std::memory_order_relaxed);
  }
}

void Histogram::Observe(double value) {
  // lower_bound finds the first bound >= value: the `le` bucket. NaN compares false
  // against everything, so it is routed to +Inf explicitly.
  const size_t index =
      std::isnan(value)
          ? bounds_.size()
          : static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                bounds_.begin());
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  metrics_internal::AtomicAdd(sum_, value);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot snapshot;
  snapshot.upper_bounds = bounds_;
  snapshot.cumulative_counts.reserve(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

prometheus::ClientMetric Histogram::Collect() const {
  const HistogramSnapshot snapshot = Snapshot();
  prometheus::ClientMetric metric;
  metric.histogram.sample_count = snapshot.count;
  metric.histogram.sample_sum = snapshot.sum;
  metric.histogram.bucket.reserve(snapshot.cumulative_counts.size());
  for (size_t i = 0; i < snapshot.cumulative_counts.size(); ++i) {
    prometheus::ClientMetric::Bucket bucket;
    bucket.cumulative_count = snapshot.cumulative_counts[i];
    bucket.upper_bound = i < snapshot.upper_bounds.size() ? snapshot.upper_bounds[i] : INFINITY;
    metric.histogram.bucket.push_back(bucket);
  }
  return metric;
}

}  // namespace leadgw::metrics
