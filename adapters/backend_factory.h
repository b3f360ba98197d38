// The one place that chooses an adapter for a connection's backend kind.
#ifndef LEADGW_ADAPTERS_BACKEND_FACTORY_H_
#define LEADGW_ADAPTERS_BACKEND_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/connection_settings.h"
#include "adapters/lead_backend.h"

namespace leadgw::adapters {

// Builds the backend serving `settings`. INVALID_ARGUMENT for an unknown kind.
absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings);

}  // namespace leadgw::adapters

#endif  // LEADGW_ADAPTERS_BACKEND_FACTORY_H_
