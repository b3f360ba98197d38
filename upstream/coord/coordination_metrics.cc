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

// The round trips the fleet's components make (their scripts' and plain commands' names),
// created at zero with the families so that a Redis that fails from the start shows as an
// increase; an op outside this list gets its series with its first round trip.
constexpr absl::string_view kKnownOps[] = {
    "window_admit",      "window_close",         "window_rate_limited",
    "key_unlock",        "set",                  "zrem",
    "idempotency_begin", "idempotency_complete", "idempotency_abandon"};

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
                  .Register(registry)) {
  for (absl::string_view op : kKnownOps) {
    const metrics::Labels labels = {{"op", std::string(op)}};
    duration_.Add(labels);
    errors_.Add(labels);
  }
}

void CoordinationMetrics::Record(absl::string_view op, absl::Duration took, bool failed) {
  const metrics::Labels labels = {{"op", std::string(op)}};
  duration_.Add(labels).Observe(absl::ToDoubleSeconds(took));
  // Created at start-up or with the op's first round trip, so a failure is an increase.
  metrics::Counter& errors = errors_.Add(labels);
  if (failed) errors.Increment();
}

}  // namespace leadgw::upstream::coord
