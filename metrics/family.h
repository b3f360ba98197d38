// A metric family: one name, help text and fixed label names; one series per label set.
#ifndef LEADGW_METRICS_FAMILY_H_
#define LEADGW_METRICS_FAMILY_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "metrics/counter.h"
#include "metrics/gauge.h"
#include "metrics/histogram.h"
#include "metrics/labels.h"
#include "prometheus/client_metric.h"
#include "prometheus/metric_family.h"

namespace leadgw::metrics {

// The `# TYPE` of a Family<T>. A trait rather than a member of T because Counter and Gauge
// are prometheus-cpp's classes.
template <typename T>
struct MetricTypeOf;
template <>
struct MetricTypeOf<Counter> {
  static constexpr MetricType kValue = MetricType::Counter;
};
template <>
struct MetricTypeOf<Gauge> {
  static constexpr MetricType kValue = MetricType::Gauge;
};
template <>
struct MetricTypeOf<Histogram> {
  static constexpr MetricType kValue = MetricType::Histogram;
};

template <typename T>
class Builder;

namespace metrics_internal {

// Writes "leadgw metrics: <status>" to stderr and aborts. For programming errors only
// (see Family::Add and Builder::Register).
[[noreturn]] void DieWithStatus(const absl::Status& status);

}  // namespace metrics_internal

// The type-independent part of a family, as seen by the Registry. Thread-safe.
class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  // help() with `\` and newlines escaped, as the `# HELP` line needs them.
  const std::string& escaped_help() const { return escaped_help_; }
  MetricType type() const { return type_; }
  // The declared label names, sorted.
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Samples of every series, sorted by label values (in label-name order). Takes the
  // family's lock in shared mode; series updates are never blocked by it.
  virtual prometheus::MetricFamily Collect() const = 0;

 protected:
  FamilyBase(std::string name, std::string help, MetricType type,
             std::vector<std::string> sorted_label_names);

  // OK if `labels` has exactly the declared label names; INVALID_ARGUMENT naming both
  // sets (names only: label values never appear in errors) otherwise.
  absl::Status CheckLabelNames(const Labels& labels) const;

 private:
  const std::string name_;
  const std::string help_;
  // prometheus-cpp 1.0.1's TextSerializer writes HELP text verbatim (label values it
  // escapes), so a newline in help would end the line mid-text; families hand it
  // pre-escaped text. registry_test pins the output should a later version escape too.
  const std::string escaped_help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
};

// Family<Counter>, Family<Gauge>, Family<Histogram>. Built and owned by a Registry through
// BuildCounter() / BuildGauge() / BuildHistogram() (see builder.h); lives as long as it.
//
// Series are never removed, so a `T&` returned by Add() stays valid for the lifetime of the
// registry. Resolve series once (at start-up, or cache the reference) where possible:
// Add() takes a lock and hashes the label map, while updating the returned metric takes
// no lock at all.
template <typename T>
class Family final : public FamilyBase {
 public:
  // Returns the series for `labels`, creating it on first use. The same label set always
  // yields the same object. Extra `args` are forwarded to T's constructor when the series
  // is created and ignored otherwise (prometheus-cpp semantics); with no args the
  // family's defaults are used (a histogram family's registered buckets).
  //
  // Label names that differ from the declared ones are a programming error (label names
  // are compile-time constants in the calling code, only values vary): Add() then writes
  // the reason to stderr and aborts rather than return a metric that would be dropped or
  // corrupt the exposition. It is checked in all build modes, only when a series is
  // created, so the cost is paid once per label set. Callers whose label *names* come
  // from data should use TryAdd().
  //
  // Thread-safe: a shared lock for lookups, an exclusive one to insert.
  template <typename... Args>
  T& Add(const Labels& labels, Args&&... args) {
    absl::StatusOr<T*> metric = TryAdd(labels, std::forward<Args>(args)...);
    if (!metric.ok()) metrics_internal::DieWithStatus(metric.status());
    return **metric;
  }

  // As Add(), but returns INVALID_ARGUMENT instead of aborting on wrong label names.
  template <typename... Args>
  absl::StatusOr<T*> TryAdd(const Labels& labels, Args&&... args) {
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      auto it = series_.find(labels);
      // A stored key was validated when inserted, so a hit needs no check.
      if (it != series_.end()) return it->second.get();
    }
    absl::Status valid = CheckLabelNames(labels);
    if (!valid.ok()) return valid;
    std::unique_lock<std::shared_mutex> lock(mu_);
    auto [it, inserted] = series_.try_emplace(labels);
    if (inserted) it->second = Create(std::forward<Args>(args)...);
    return it->second.get();
  }

  // Number of series created so far.
  size_t size() const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return series_.size();
  }

  prometheus::MetricFamily Collect() const override {
    prometheus::MetricFamily family{name(), escaped_help(), type(), {}};
    std::shared_lock<std::shared_mutex> lock(mu_);
    std::vector<std::pair<const Labels*, const T*>> sorted;
    sorted.reserve(series_.size());
    for (const auto& [labels, metric] : series_) sorted.emplace_back(&labels, metric.get());
    // All keys have the same names, so comparing the maps compares label values in
    // label-name order.
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });
    family.metric.reserve(sorted.size());
    for (const auto& [labels, metric] : sorted) {
      prometheus::ClientMetric sample = metric->Collect();
      sample.label.reserve(labels->size());
      for (const auto& [label_name, value] : *labels) sample.label.push_back({label_name, value});
      family.metric.push_back(std::move(sample));
    }
    return family;
  }

 private:
  friend class Builder<T>;

  Family(std::string name, std::string help, std::vector<std::string> sorted_label_names,
         std::function<std::unique_ptr<T>()> default_factory)
      : FamilyBase(std::move(name), std::move(help), MetricTypeOf<T>::kValue, std::move(sorted_label_names)),
        default_factory_(std::move(default_factory)) {}

  template <typename... Args>
  std::unique_ptr<T> Create(Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      return default_factory_();
    } else {
      return std::make_unique<T>(std::forward<Args>(args)...);
    }
  }

  const std::function<std::unique_ptr<T>()> default_factory_;
  // std::shared_mutex rather than absl::Mutex: Debian's prebuilt Abseil is not built with
  // ThreadSanitizer, which then cannot see absl::Mutex's ordering and reports false races
  // under --config=tsan; pthread rwlocks are intercepted by TSan.
  mutable std::shared_mutex mu_;
  // Hashed for O(1) lookups in Add(); Collect() sorts. unique_ptr keeps each metric at a
  // fixed address across rehashing. Guarded by mu_.
  absl::flat_hash_map<Labels, std::unique_ptr<T>> series_;
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_FAMILY_H_
