// What the gateway knows about each kind of backend before talking to it: its config
// name, default limits, and its upstream endpoints with their documented timeouts.
#ifndef LEADGW_BACKENDS_BACKEND_KINDS_H_
#define LEADGW_BACKENDS_BACKEND_KINDS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends {

struct EndpointTimeout {
  // Endpoint name used in config `endpoint_timeouts` and metric labels ("sync_leads").
  absl::string_view endpoint;
  absl::Duration timeout;
};

struct BackendKindInfo {
  ::leadgateway::v1::BackendKind kind;
  // Name in config files and metric labels: "marketo", "hotprofile".
  absl::string_view name;
  UpstreamLimits default_limits;
  absl::Duration default_timeout;
  // Every upstream endpoint the adapter calls, with its default timeout.
  std::vector<EndpointTimeout> endpoints;
};

// The info for `name` ("marketo", "hotprofile"), or nullptr when unknown.
const BackendKindInfo* FindBackendKind(absl::string_view name);

// The info for `kind`, or nullptr when unknown.
const BackendKindInfo* FindBackendKind(::leadgateway::v1::BackendKind kind);

// The names of every known kind, for error messages.
std::vector<absl::string_view> BackendKindNames();

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_BACKEND_KINDS_H_
