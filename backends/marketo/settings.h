// MarketoSettings: what a Marketo connection needs beyond the vendor-free settings, kept in
// ConnectionSettings::vendor (backends/connection_settings.h).
#ifndef LEADGW_BACKENDS_MARKETO_SETTINGS_H_
#define LEADGW_BACKENDS_MARKETO_SETTINGS_H_

#include <string>

#include "common/secret.h"

namespace leadgw::backends::marketo {

struct MarketoSettings {
  std::string identity_url;  // no trailing slash; config default: base_url + "/identity"
  Secret client_id;          // LaunchPoint service's client id
  Secret client_secret;
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_SETTINGS_H_
