#include "backends/marketo/config.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/marketo/settings.h"
#include "common/config_values.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {

absl::Status ReadMarketoConfig(const ::leadgateway::config::v1::ConnectionConfig& config,
                               absl::string_view key, const SecretReaders& readers,
                               ConnectionSettings* out) {
  MarketoSettings marketo_settings;
  if (!config.identity_url().empty()) {
    LEADGW_ASSIGN_OR_RETURN(
        marketo_settings.identity_url,
        ResolveConfigUrl(config.identity_url(), absl::StrCat(key, ".identity_url")));
  } else {
    marketo_settings.identity_url = absl::StrCat(out->base_url, "/identity");
  }
  const std::string block = absl::StrCat(key, ".marketo");
  if (!config.has_marketo()) return ConfigKeyError(block, "required for backend marketo");
  const auto& marketo = config.marketo();
  LEADGW_ASSIGN_OR_RETURN(marketo_settings.client_id,
                          ResolveSecret(marketo.has_client_id(), marketo.client_id(),
                                        readers, absl::StrCat(block, ".client_id")));
  LEADGW_ASSIGN_OR_RETURN(marketo_settings.client_secret,
                          ResolveSecret(marketo.has_client_secret(), marketo.client_secret(),
                                        readers, absl::StrCat(block, ".client_secret")));
  out->vendor = std::move(marketo_settings);
  return absl::OkStatus();
}

}  // namespace leadgw::backends::marketo
