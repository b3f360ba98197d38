#include "backends/marketo/marketo_backend_factory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/marketo/settings.h"

namespace leadgw::backends::marketo {

absl::StatusOr<std::unique_ptr<MarketoBackend>> CreateMarketoBackend(
    const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
    MarketoBackendOptions options) {
  auto missing = [&](absl::string_view key) {
    return absl::InvalidArgumentError(
        absl::StrCat("connection '", settings.name, "': ", key, " is required for marketo"));
  };
  if (settings.base_url.empty()) return missing("base_url");
  const MarketoSettings* marketo = VendorPart<MarketoSettings>(settings);
  if (marketo == nullptr) return missing("the marketo block");
  if (marketo->identity_url.empty()) return missing("identity_url");
  if (marketo->client_id.empty()) return missing("marketo.client_id");
  if (marketo->client_secret.empty()) return missing("marketo.client_secret");
  if (http == nullptr) return absl::InvalidArgumentError("marketo: no HTTP client");
  return std::make_unique<MarketoBackend>(settings, std::move(http), std::move(options));
}

}  // namespace leadgw::backends::marketo
