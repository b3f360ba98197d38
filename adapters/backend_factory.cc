#include "adapters/backend_factory.h"

#include "absl/strings/str_cat.h"
#include "adapters/partial_backend.h"

namespace leadgw::adapters {

absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings) {
  switch (settings.kind) {
    // The Marketo and HotProfile adapters land with their own issues; until then every
    // operation of these connections answers UNIMPLEMENTED naming the backend.
    case ::leadgateway::v1::BACKEND_KIND_MARKETO:
      return std::make_unique<PartialLeadBackend>("marketo", std::initializer_list<Operation>{});
    case ::leadgateway::v1::BACKEND_KIND_HOTPROFILE:
      return std::make_unique<PartialLeadBackend>("hotprofile",
                                                  std::initializer_list<Operation>{});
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("connection '", settings.name, "' has no known backend kind"));
  }
}

}  // namespace leadgw::adapters
