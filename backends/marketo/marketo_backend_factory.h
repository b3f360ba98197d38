// The Marketo entry of backends/backend_factory.cc: one MarketoBackend per connection.
#ifndef LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_FACTORY_H_
#define LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "backends/connection_settings.h"
#include "upstream/http/http_client.h"
#include "backends/marketo/marketo_backend.h"

namespace leadgw::backends::marketo {

// A MarketoBackend for `settings` sending through `http` (in production a CurlHttpClient),
// each send an attempt of options.guard. INVALID_ARGUMENT naming the setting when base_url, identity_url,
// client_id or client_secret is empty (the config loader requires them, but the factory
// does not trust its caller with secrets' absence).
absl::StatusOr<std::unique_ptr<MarketoBackend>> CreateMarketoBackend(
    const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
    MarketoBackendOptions options = {});

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_MARKETO_BACKEND_FACTORY_H_
