// BackendKindInfo: what the gateway knows about one kind of backend before talking to it
// (its config name, default limits, upstream endpoints with their documented timeouts,
// rate-limit codes) and how a connection's vendor-specific configuration is read.
//
// Each vendor folder defines its kind (backends/<vendor>/kind.h); backends/registry.h
// lists them. This header depends on neither, so vendor folders include it freely.
#ifndef LEADGW_BACKENDS_BACKEND_KIND_H_
#define LEADGW_BACKENDS_BACKEND_KIND_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "common/secret_source.h"
#include "leadgateway/config/v1/gateway_config.pb.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends {

struct EndpointTimeout {
  // Endpoint name used in config `endpoint_timeouts` and metric labels ("sync_leads").
  absl::string_view endpoint;
  absl::Duration timeout;
};

// Reads the vendor-specific part of one connection's configuration into `out`: the
// credentials block named after the kind and the kind's `config_fields`. `key` names the
// connection in errors ("connections[1]"); `out` already holds the vendor-free settings
// read before it (name, kind, base_url). INVALID_ARGUMENT naming the key on a missing or
// bad value; errors never contain a secret.
using ReadSettingsFn = absl::Status (*)(const ::leadgateway::config::v1::ConnectionConfig& config,
                                        absl::string_view key, const SecretReaders& readers,
                                        ConnectionSettings* out);

struct BackendKindInfo {
  ::leadgateway::v1::BackendKind kind;
  // Name in config files and metric labels ("marketo"). Also the name of the kind's
  // credentials block in ConnectionConfig, which connections of other kinds may not set.
  absl::string_view name;
  UpstreamLimits default_limits;
  absl::Duration default_timeout;
  // Every upstream endpoint the adapter calls, with its default timeout.
  std::vector<EndpointTimeout> endpoints;
  // Upstream codes meaning a rate or quota limit was hit, as they appear in
  // UpstreamError codes; the upstream metrics pre-create a series for each.
  std::vector<std::string> rate_limit_codes;
  // ConnectionConfig fields besides the credentials block that only this kind reads
  // ("identity_url"); a connection of another kind that sets one is rejected.
  std::vector<absl::string_view> config_fields;
  // Reads the connection's vendor-specific configuration; never null.
  ReadSettingsFn read_settings;
};

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_BACKEND_KIND_H_
