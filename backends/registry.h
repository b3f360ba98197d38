// The registry of backend kinds: the one list of every kind the gateway can serve.
// Adding a backend is one folder under backends/ plus one line in registry.cc.
#ifndef LEADGW_BACKENDS_REGISTRY_H_
#define LEADGW_BACKENDS_REGISTRY_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "backends/backend_kind.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends {

// Every known kind, in registration order. The entries live for the whole process.
const std::vector<const BackendKindInfo*>& AllBackendKinds();

// The info for `name` ("marketo", "hotprofile"), or nullptr when unknown.
const BackendKindInfo* FindBackendKind(absl::string_view name);

// The info for `kind`, or nullptr when unknown.
const BackendKindInfo* FindBackendKind(::leadgateway::v1::BackendKind kind);

// The names of every known kind, for error messages.
std::vector<absl::string_view> BackendKindNames();

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_REGISTRY_H_
