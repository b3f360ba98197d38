#include "adapters/backend_factory.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "adapters/hotprofile/hotprofile_backend.h"
#include "adapters/http/curl_http_client.h"
#include "adapters/marketo/marketo_backend_factory.h"
#include "adapters/partial_backend.h"

namespace leadgw::adapters {

absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings) {
  switch (settings.kind) {
    case ::leadgateway::v1::BACKEND_KIND_MARKETO:
      return marketo::CreateMarketoBackend(settings, std::make_shared<http::CurlHttpClient>());
    case ::leadgateway::v1::BACKEND_KIND_HOTPROFILE:
      return std::make_unique<hotprofile::HotProfileBackend>(
          settings, std::make_shared<http::CurlHttpClient>());
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("connection '", settings.name, "' has no known backend kind"));
  }
}

}  // namespace leadgw::adapters
