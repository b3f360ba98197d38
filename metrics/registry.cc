#include "metrics/registry.h"

#include <mutex>
#include <shared_mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "prometheus/text_serializer.h"

namespace leadgw::metrics {
namespace {

// The names a family's samples (and HELP/TYPE lines) use in the exposition.
std::vector<std::string> SampleNames(const FamilyBase& family) {
  const std::string& name = family.name();
  if (family.type() == MetricType::Histogram) {
    return {name, absl::StrCat(name, "_bucket"), absl::StrCat(name, "_sum"),
            absl::StrCat(name, "_count")};
  }
  return {name};
}

}  // namespace

absl::Status Registry::Insert(std::unique_ptr<FamilyBase> family) {
  const std::vector<std::string> names = SampleNames(*family);
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (families_.count(family->name()) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("metric family '", family->name(), "' is already registered"));
  }
  for (const std::string& name : names) {
    auto it = sample_names_.find(name);
    if (it != sample_names_.end()) {
      return absl::AlreadyExistsError(
          absl::StrCat("metric family '", family->name(), "' would write samples named '", name,
                       "', which family '", it->second, "' already writes"));
    }
  }
  for (const std::string& name : names) sample_names_.emplace(name, family->name());
  std::string key = family->name();
  families_.emplace(std::move(key), std::move(family));
  return absl::OkStatus();
}

void Registry::AddCollectHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(hooks_mu_);
  hooks_.push_back(std::move(hook));
}

std::vector<prometheus::MetricFamily> Registry::Collect() const {
  {
    std::lock_guard<std::mutex> lock(hooks_mu_);
    for (const std::function<void()>& hook : hooks_) hook();
  }
  std::vector<prometheus::MetricFamily> families;
  std::shared_lock<std::shared_mutex> lock(mu_);
  families.reserve(families_.size());
  for (const auto& [name, family] : families_) families.push_back(family->Collect());
  return families;
}

std::string Registry::Serialize() const {
  return prometheus::TextSerializer().Serialize(Collect());
}

}  // namespace leadgw::metrics
