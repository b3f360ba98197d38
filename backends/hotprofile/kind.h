// The HotProfile backend kind: config name, default limits, endpoints with their
// timeouts, rate-limit codes and config reader (backends/backend_kind.h).
#ifndef LEADGW_BACKENDS_HOTPROFILE_KIND_H_
#define LEADGW_BACKENDS_HOTPROFILE_KIND_H_

#include "backends/backend_kind.h"

namespace leadgw::backends::hotprofile {

// The HotProfile entry of the registry; lives for the whole process.
const BackendKindInfo& HotProfileKind();

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_KIND_H_
