// A distribution of observations (latencies, sizes) in fixed buckets.
#ifndef LEADGW_METRICS_HISTOGRAM_H_
#define LEADGW_METRICS_HISTOGRAM_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "prometheus/client_metric.h"

namespace leadgw::metrics {

// One histogram series. `cumulative_counts` has one entry per upper bound plus a last
// entry for the implicit +Inf bucket, so cumulative_counts.back() == count.
struct HistogramSnapshot {
  std::vector<double> upper_bounds;
  std::vector<uint64_t> cumulative_counts;
  double sum = 0;
  uint64_t count = 0;
};

// Observe() is thread-safe, lock-free and allocation-free: a binary search over the
// (small, immutable) bucket bounds, one fetch_add on that bucket's count and a
// compare-exchange loop on the sum. Counts are stored per bucket and made cumulative only
// when collected, so an observation touches one count, not every bucket above it.
// Kept rather than prometheus::Histogram, which takes a mutex in every Observe().
class Histogram {
 public:

  // Upper bounds of the buckets, excluding the implicit +Inf bucket (prometheus-cpp's name).
  using BucketBoundaries = std::vector<double>;

  // `count` bounds `start`, `start*factor`, `start*factor^2`, ... each rounded to 12
  // significant digits so labels read `le="0.001"`, not `le="0.0010000000000000002"`.
  // Returns an empty vector if start <= 0, factor <= 1, count == 0 or a bound overflows;
  // the histogram builder rejects empty bucket lists, so misuse fails at registration.
  static BucketBoundaries ExponentialBuckets(double start, double factor, size_t count);

  // Latency buckets in seconds, 100 µs to 180 s. The top bounds are the gateway's upstream
  // timeouts (30, 60, 90, 180 s) so timed-out calls are told apart from merely slow ones.
  static const BucketBoundaries& DefaultLatencyBuckets();

  // OK if `bounds` is non-empty, has no NaN or -Inf, and is strictly increasing; a last
  // bound of +Inf is allowed (it names the implicit +Inf bucket). INVALID_ARGUMENT
  // otherwise. The builders call this at registration.
  static absl::Status ValidateBuckets(const BucketBoundaries& bounds);

  // Constructs a histogram with the given upper bounds. Never fails: invalid input is
  // normalised (NaN dropped, sorted, duplicates and +Inf removed) so that a histogram is
  // always well-formed; use ValidateBuckets() to reject such input instead.
  explicit Histogram(const BucketBoundaries& bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Records one observation. A value equal to a bound falls into that bound's bucket
  // (Prometheus' `le` semantics); NaN is counted only in the +Inf bucket (and makes the
  // sum NaN, as in the Go client).
  void Observe(double value);

  // The bucket upper bounds, excluding +Inf.
  const BucketBoundaries& bounds() const { return bounds_; }

  // A snapshot with cumulative bucket counts. Each atomic is read separately, so under
  // concurrent Observe() the sum may lag the counts by in-flight observations; the
  // counts themselves are always consistent (count is the +Inf bucket's total).
  HistogramSnapshot Snapshot() const;

  // Snapshot() as prometheus-cpp's histogram sample (buckets including +Inf, no labels);
  // used by Family when the registry is collected.
  prometheus::ClientMetric Collect() const;

 private:
  const BucketBoundaries bounds_;
  // bounds_.size() + 1 non-cumulative counts; the last is the +Inf bucket.
  const std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_HISTOGRAM_H_
