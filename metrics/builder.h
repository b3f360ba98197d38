// Fluent builders that validate and register metric families, prometheus-cpp style:
//
//   Family<Counter>& requests = BuildCounter()
//                                   .Name("leadgw_requests_total")
//                                   .Help("gRPC requests handled.")
//                                   .LabelNames({"method", "code"})
//                                   .Register(registry);
#ifndef LEADGW_METRICS_BUILDER_H_
#define LEADGW_METRICS_BUILDER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "metrics/counter.h"
#include "metrics/family.h"
#include "metrics/gauge.h"
#include "metrics/histogram.h"
#include "metrics/registry.h"

namespace leadgw::metrics {
namespace metrics_internal {

// Checks a family definition: a valid metric name, non-empty help, valid and distinct
// label names, and for histograms no `le` label and valid `buckets` (which must be set).
// On success returns the label names sorted. INVALID_ARGUMENT naming the family otherwise.
absl::StatusOr<std::vector<std::string>> ValidateFamilyDefinition(
    const std::string& name, const std::string& help, const std::vector<std::string>& label_names,
    MetricType type, const std::optional<Histogram::BucketBoundaries>& buckets);

}  // namespace metrics_internal

// Accumulates a family definition; Register()/TryRegister() validate it and add the family
// to a registry. A builder is a value: use it once, from one thread.
template <typename T>
class Builder {
 public:
  // The metric name, e.g. "leadgw_upstream_request_duration_seconds". Required.
  Builder& Name(std::string name) {
    name_ = std::move(name);
    return *this;
  }

  // Help text for the `# HELP` line. Required (non-empty).
  Builder& Help(std::string help) {
    help_ = std::move(help);
    return *this;
  }

  // The fixed set of label names every series of the family must use. Optional (no
  // labels: the family has at most one series, Add({})).
  Builder& LabelNames(std::vector<std::string> label_names) {
    label_names_ = std::move(label_names);
    return *this;
  }

  // Histogram families only: the bucket upper bounds of every series created by
  // Add(labels) without explicit bounds. Required for histograms.
  template <typename U = T, typename = std::enable_if_t<std::is_same_v<U, Histogram>>>
  Builder& Buckets(Histogram::BucketBoundaries bounds) {
    buckets_ = std::move(bounds);
    return *this;
  }

  // Validates the definition and adds the family to `registry`, which owns it.
  // INVALID_ARGUMENT for a bad name, help, label names or buckets; ALREADY_EXISTS if the
  // name (or a histogram's derived sample name) is taken. Thread-safe on the registry.
  absl::StatusOr<Family<T>*> TryRegister(Registry& registry) const {
    absl::StatusOr<std::vector<std::string>> sorted_names =
        metrics_internal::ValidateFamilyDefinition(name_, help_, label_names_, MetricTypeOf<T>::kValue, buckets_);
    if (!sorted_names.ok()) return sorted_names.status();
    std::unique_ptr<Family<T>> family(
        new Family<T>(name_, help_, *std::move(sorted_names), DefaultFactory()));
    Family<T>* result = family.get();
    absl::Status inserted = registry.Insert(std::move(family));
    if (!inserted.ok()) return inserted;
    return result;
  }

  // As TryRegister(), but an invalid or duplicate definition aborts with the reason on
  // stderr. Families are defined by constants in code and registered once at start-up,
  // so an error here is a programming error best caught on the first run; code that
  // builds definitions from data should call TryRegister().
  Family<T>& Register(Registry& registry) const {
    absl::StatusOr<Family<T>*> family = TryRegister(registry);
    if (!family.ok()) metrics_internal::DieWithStatus(family.status());
    return **family;
  }

 private:
  std::function<std::unique_ptr<T>()> DefaultFactory() const {
    if constexpr (std::is_same_v<T, Histogram>) {
      return [bounds = *buckets_] { return std::make_unique<Histogram>(bounds); };
    } else {
      return [] { return std::make_unique<T>(); };
    }
  }

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  std::optional<Histogram::BucketBoundaries> buckets_;
};

// Entry points, e.g. BuildGauge().Name("leadgw_inflight_requests").Help("...").Register(r).
inline Builder<Counter> BuildCounter() { return {}; }
inline Builder<Gauge> BuildGauge() { return {}; }
inline Builder<Histogram> BuildHistogram() { return {}; }

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_BUILDER_H_
