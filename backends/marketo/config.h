// Reading a Marketo connection's configuration: the `marketo` credentials block
// (LaunchPoint client id and secret) and `identity_url`.
#ifndef LEADGW_BACKENDS_MARKETO_CONFIG_H_
#define LEADGW_BACKENDS_MARKETO_CONFIG_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/connection_settings.h"
#include "common/secret_source.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::backends::marketo {

// A ReadSettingsFn (backends/backend_kind.h). Sets out->vendor to a MarketoSettings
// (settings.h); its identity_url defaults to out->base_url + "/identity", so base_url must
// be set. INVALID_ARGUMENT naming the key ("connections[1].marketo: required
// for backend marketo", "connections[1].marketo.client_secret.env: ...").
absl::Status ReadMarketoConfig(const ::leadgateway::config::v1::ConnectionConfig& config,
                               absl::string_view key, const SecretReaders& readers,
                               ConnectionSettings* out);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_CONFIG_H_
