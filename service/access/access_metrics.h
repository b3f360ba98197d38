// leadgw_access_decisions_total{caller,permission,decision}: what the access policy let
// through and what it refused, per configured caller (a bounded label: configured names
// and "unidentified").
#ifndef LEADGW_SERVICE_ACCESS_ACCESS_METRICS_H_
#define LEADGW_SERVICE_ACCESS_ACCESS_METRICS_H_

#include <array>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "metrics/builder.h"

namespace leadgw::service::access {

// The caller label of requests no configured caller matched.
inline constexpr char kUnidentifiedCaller[] = "unidentified";
// The permission label of an identification failure.
inline constexpr char kIdentityPermission[] = "identity";

class AccessMetrics {
 public:
  // Creates the series of every caller and permission at zero (and the unidentified one),
  // so a first denial shows in increase().
  AccessMetrics(metrics::Registry& registry, absl::Span<const std::string> callers);

  // Lock-free for the series created at construction. Thread-safe.
  void Record(absl::string_view caller, absl::string_view permission, bool allowed);

 private:
  static constexpr int kPermissionLabels = 5;  // read, write, delete, schema, identity

  metrics::Family<metrics::Counter>& decisions_;
  // caller -> permission label index -> {denied, allowed}; null where never created.
  absl::flat_hash_map<std::string, std::array<std::array<metrics::Counter*, 2>, kPermissionLabels>>
      series_;
};

}  // namespace leadgw::service::access

#endif  // LEADGW_SERVICE_ACCESS_ACCESS_METRICS_H_
