// ConnectionSettings: one configured upstream account, fully resolved (defaults applied,
// secrets loaded). Built once at start-up by service/config; read-only afterwards.
#ifndef LEADGW_BACKENDS_CONNECTION_SETTINGS_H_
#define LEADGW_BACKENDS_CONNECTION_SETTINGS_H_

#include <any>
#include <string>

#include "upstream/settings.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends {

using upstream::BreakerSettings;
using upstream::RetrySettings;
using upstream::UpstreamLimits;

// The vendor-free part (name, limits, retries, breaker, timeouts) is what upstream/ sees.
struct ConnectionSettings : upstream::UpstreamSettings {
  ::leadgateway::v1::BackendKind kind = ::leadgateway::v1::BACKEND_KIND_UNSPECIFIED;
  std::string base_url;  // no trailing slash
  // The kind's own settings (credentials, extra endpoints): a struct its folder defines
  // (marketo::MarketoSettings), set by the kind's read_settings and read back with
  // VendorPart<T>(). Type-erased so that a new kind adds nothing to this header.
  std::any vendor;
};

// The kind-specific part of `settings` as a T, or null when it holds none or another
// kind's. Factories check it once and reject a connection without one.
template <typename T>
const T* VendorPart(const ConnectionSettings& settings) {
  return std::any_cast<T>(&settings.vendor);
}

// A copy of the kind-specific part, or a default T (empty credentials, which the upstream
// rejects) when there is none: for components built after their factory checked it.
template <typename T>
T VendorPartOrDefault(const ConnectionSettings& settings) {
  const T* part = VendorPart<T>(settings);
  return part != nullptr ? *part : T{};
}

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_CONNECTION_SETTINGS_H_
