// Reading a HotProfile connection's configuration: the `hotprofile` credentials block
// (the API key).
#ifndef LEADGW_BACKENDS_HOTPROFILE_CONFIG_H_
#define LEADGW_BACKENDS_HOTPROFILE_CONFIG_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/connection_settings.h"
#include "common/secret_source.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::backends::hotprofile {

// A ReadSettingsFn (backends/backend_kind.h). Sets out->vendor to a HotProfileSettings
// (settings.h). INVALID_ARGUMENT naming the key ("connections[0].hotprofile: required for
// backend hotprofile", "connections[0].hotprofile.api_key.env: ...").
absl::Status ReadHotProfileConfig(const ::leadgateway::config::v1::ConnectionConfig& config,
                                  absl::string_view key, const SecretReaders& readers,
                                  ConnectionSettings* out);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_CONFIG_H_
