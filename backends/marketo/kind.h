// The Marketo backend kind: config name, default limits, endpoints with their documented
// timeouts, rate-limit codes and config reader (backends/backend_kind.h).
#ifndef LEADGW_BACKENDS_MARKETO_KIND_H_
#define LEADGW_BACKENDS_MARKETO_KIND_H_

#include "backends/backend_kind.h"

namespace leadgw::backends::marketo {

// The Marketo entry of the registry; lives for the whole process.
const BackendKindInfo& MarketoKind();

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_KIND_H_
