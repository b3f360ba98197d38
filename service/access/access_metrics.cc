#include "service/access/access_metrics.h"

#include "service/access/access_policy.h"

namespace leadgw::service::access {
namespace {

constexpr std::array<absl::string_view, 5> kPermissionLabelNames = {"read", "write", "delete",
                                                                      "schema", "identity"};
constexpr std::array<absl::string_view, 2> kDecisions = {"denied", "allowed"};

int PermissionIndex(absl::string_view permission) {
  for (size_t i = 0; i < kPermissionLabelNames.size(); ++i) {
    if (kPermissionLabelNames[i] == permission) return static_cast<int>(i);
  }
  return -1;
}

metrics::Labels LabelsOf(absl::string_view caller, absl::string_view permission, bool allowed) {
  return {{"caller", std::string(caller)},
          {"permission", std::string(permission)},
          {"decision", std::string(kDecisions[allowed ? 1 : 0])}};
}

}  // namespace

AccessMetrics::AccessMetrics(metrics::Registry& registry, absl::Span<const std::string> callers)
    : decisions_(metrics::BuildCounter()
                     .Name("leadgw_access_decisions_total")
                     .Help("Access policy decisions, by configured caller (\"unidentified\" "
                           "when none matched), permission and decision.")
                     .LabelNames({"caller", "permission", "decision"})
                     .Register(registry)) {
  for (const std::string& caller : callers) {
    auto& by_permission = series_[caller];
    for (int permission = 0; permission < kPermissionCount; ++permission) {
      for (bool allowed : {false, true}) {
        by_permission[permission][allowed ? 1 : 0] =
            &decisions_.Add(LabelsOf(caller, kPermissionLabelNames[permission], allowed));
      }
    }
  }
  auto& unidentified = series_[kUnidentifiedCaller];
  unidentified[PermissionIndex(kIdentityPermission)][0] =
      &decisions_.Add(LabelsOf(kUnidentifiedCaller, kIdentityPermission, false));
}

void AccessMetrics::Record(absl::string_view caller, absl::string_view permission,
                           bool allowed) {
  const int index = PermissionIndex(permission);
  auto it = series_.find(caller);
  if (index >= 0 && it != series_.end() && it->second[index][allowed ? 1 : 0] != nullptr) {
    it->second[index][allowed ? 1 : 0]->Increment();
    return;
  }
  decisions_.Add(LabelsOf(caller, permission, allowed)).Increment();
}

}  // namespace leadgw::service::access
