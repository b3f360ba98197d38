#include "backends/registry.h"

#include "backends/hotprofile/kind.h"
#include "backends/marketo/kind.h"

namespace leadgw::backends {

const std::vector<const BackendKindInfo*>& AllBackendKinds() {
  // One line per backend.
  static const auto* const kinds = new std::vector<const BackendKindInfo*>{
      &marketo::MarketoKind(),
      &hotprofile::HotProfileKind(),
  };
  return *kinds;
}

const BackendKindInfo* FindBackendKind(absl::string_view name) {
  for (const BackendKindInfo* info : AllBackendKinds()) {
    if (info->name == name) return info;
  }
  return nullptr;
}

const BackendKindInfo* FindBackendKind(::leadgateway::v1::BackendKind kind) {
  for (const BackendKindInfo* info : AllBackendKinds()) {
    if (info->kind == kind) return info;
  }
  return nullptr;
}

std::vector<absl::string_view> BackendKindNames() {
  std::vector<absl::string_view> names;
  for (const BackendKindInfo* info : AllBackendKinds()) names.push_back(info->name);
  return names;
}

}  // namespace leadgw::backends
