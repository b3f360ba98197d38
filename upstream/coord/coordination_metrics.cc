#include "upstream/coord/coordination_metrics.h"

#include <string>

#include "metrics/builder.h"

namespace leadgw::upstream::coord {
namespace {

// A round trip on a pod network takes well under a millisecond; the command timeout
// (200 ms by default) bounds a slow one.
const metrics::Histogram::BucketBoundaries& RoundTripBuckets() {
  static const auto* const kBuckets = new metrics::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  return *kBuckets;
}

}  // namespace

CoordinationMetrics::CoordinationMetrics(metrics::Registry& registry)
    : duration_(metrics::BuildHistogram()
                    .Name("leadgw_coordination_duration_seconds")
                    .Help("Round trips to the fleet's Redis (fleet mode), by what they did.")
                    .LabelNames({"op"})
                    .Buckets(RoundTripBuckets())
                    .Register(registry)),
      errors_(metrics::BuildCounter()
                  .Name("leadgw_coordination_errors_total")
                  .Help("Round trips to the fleet's Redis that failed: unreachable, timed "
                        "out, password refused, or an error reply.")
                  .LabelNames({"op"})
                  .Register(registry)) {}

void CoordinationMetrics::Record(absl::string_view op, absl::Duration took, bool failed) {
  const metrics::Labels labels = {{"op", std::string(op)}};
  duration_.Add(labels).Observe(absl::ToDoubleSeconds(took));
  // Created with the op's first round trip, so the first failure is an increase from 0.
  metrics::Counter& errors = errors_.Add(labels);
  if (failed) errors.Increment();
}

}  // namespace leadgw::upstream::coord
