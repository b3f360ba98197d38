#include "backends/hotprofile/config.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/hotprofile/settings.h"
#include "common/config_values.h"
#include "common/status_macros.h"

namespace leadgw::backends::hotprofile {

absl::Status ReadHotProfileConfig(const ::leadgateway::config::v1::ConnectionConfig& config,
                                  absl::string_view key, const SecretReaders& readers,
                                  ConnectionSettings* out) {
  const std::string block = absl::StrCat(key, ".hotprofile");
  if (!config.has_hotprofile()) return ConfigKeyError(block, "required for backend hotprofile");
  const auto& hotprofile = config.hotprofile();
  HotProfileSettings hotprofile_settings;
  LEADGW_ASSIGN_OR_RETURN(hotprofile_settings.api_key,
                          ResolveSecret(hotprofile.has_api_key(), hotprofile.api_key(), readers,
                                        absl::StrCat(block, ".api_key")));
  out->vendor = std::move(hotprofile_settings);
  return absl::OkStatus();
}

}  // namespace leadgw::backends::hotprofile
