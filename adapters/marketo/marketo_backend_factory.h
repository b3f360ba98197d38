// The Marketo entry of adapters/backend_factory.cc: one MarketoBackend per connection.
#ifndef LEADGW_ADAPTERS_MARKETO_MARKETO_BACKEND_FACTORY_H_
#define LEADGW_ADAPTERS_MARKETO_MARKETO_BACKEND_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/connection_settings.h"
#include "adapters/http/http_client.h"
#include "adapters/marketo/marketo_backend.h"

namespace leadgw::adapters::marketo {

// A MarketoBackend for `settings` sending through `http` (in production the connection's
// GuardedHttpClient). INVALID_ARGUMENT naming the setting when base_url, identity_url,
// client_id or client_secret is empty (the config loader requires them, but the factory
// does not trust its caller with secrets' absence).
absl::StatusOr<std::unique_ptr<MarketoBackend>> CreateMarketoBackend(
    const ConnectionSettings& settings, std::shared_ptr<http::HttpClient> http,
    MarketoBackendOptions options = {});

}  // namespace leadgw::adapters::marketo

#endif  // LEADGW_ADAPTERS_MARKETO_MARKETO_BACKEND_FACTORY_H_
