// HotProfileSettings: what a HotProfile connection needs beyond the vendor-free settings,
// kept in ConnectionSettings::vendor (backends/connection_settings.h).
#ifndef LEADGW_BACKENDS_HOTPROFILE_SETTINGS_H_
#define LEADGW_BACKENDS_HOTPROFILE_SETTINGS_H_

#include "common/secret.h"

namespace leadgw::backends::hotprofile {

struct HotProfileSettings {
  Secret api_key;  // sent as the api_key query parameter of every call
};

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_SETTINGS_H_
