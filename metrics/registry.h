// Owner of all metric families of a process (or of one test), and their exposition.
#ifndef LEADGW_METRICS_REGISTRY_H_
#define LEADGW_METRICS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "metrics/family.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace leadgw::metrics {

// Families are added through the builders (BuildCounter() etc. in builder.h) and never
// removed, so references to families and series stay valid as long as the Registry.
// No global instance exists: the service creates one and injects it. Thread-safe.
// A prometheus::Collectable, so prometheus-cpp's exposer and serializers take it as is.
class Registry : public prometheus::Collectable {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Runs every collect hook, then collects every family, sorted by name, each with its
  // series sorted by label values.
  std::vector<prometheus::MetricFamily> Collect() const override;

  // Adds `hook`, run at the start of every Collect() (so at every scrape) to refresh gauges
  // whose value is a function of time, e.g. the calls inside a rolling window or the
  // seconds until a token expires. Hooks run one at a time, in the order added, without
  // the registry lock held: they may set metrics but must not register families. The
  // objects a hook reads must outlive the registry or the registry's last Collect().
  void AddCollectHook(std::function<void()> hook);

  // Collect() in Prometheus text exposition format 0.0.4, written by
  // prometheus::TextSerializer.
  std::string Serialize() const;

 private:
  template <typename T>
  friend class Builder;

  // Takes ownership of `family`. ALREADY_EXISTS if a family with the same name exists, or
  // if one of the sample names it writes (a histogram's `_bucket`, `_sum`, `_count`)
  // collides with a sample name of another family, which would make the exposition
  // ambiguous.
  absl::Status Insert(std::unique_ptr<FamilyBase> family);

  // A std::shared_mutex for ThreadSanitizer's sake (see Family::mu_).
  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<FamilyBase>> families_;  // Guarded by mu_.
  // Serialises hook runs; separate from mu_ so that hooks may touch families.
  mutable std::mutex hooks_mu_;
  std::vector<std::function<void()>> hooks_;  // Guarded by hooks_mu_.
  // Every sample name written by a registered family -> that family's name. Guarded by mu_.
  absl::flat_hash_map<std::string, std::string> sample_names_;
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_REGISTRY_H_
