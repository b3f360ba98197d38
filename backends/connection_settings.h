// ConnectionSettings: one configured upstream account, fully resolved (defaults applied,
// secrets loaded). Built once at start-up by service/config; read-only afterwards.
#ifndef LEADGW_BACKENDS_CONNECTION_SETTINGS_H_
#define LEADGW_BACKENDS_CONNECTION_SETTINGS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "upstream/settings.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends {

using upstream::BreakerSettings;
using upstream::RetrySettings;
using upstream::UpstreamLimits;

// The vendor-free part (name, limits, retries, breaker, timeouts) is what upstream/ sees.
struct ConnectionSettings : upstream::UpstreamSettings {
  ::leadgateway::v1::BackendKind kind = ::leadgateway::v1::BACKEND_KIND_UNSPECIFIED;
  std::string base_url;      // no trailing slash
  std::string identity_url;  // Marketo only; no trailing slash
  Secret client_id;          // Marketo
  Secret client_secret;      // Marketo
  Secret api_key;            // HotProfile
};

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_CONNECTION_SETTINGS_H_
