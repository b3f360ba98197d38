// The HotProfile entry of backends/backend_factory.cc: one HotProfileBackend per
// connection, built like Marketo's (backends/marketo/marketo_backend_factory.h).
#ifndef LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_FACTORY_H_
#define LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "backends/connection_settings.h"
#include "backends/hotprofile/hotprofile_backend.h"
#include "upstream/guard/call_guard.h"
#include "upstream/http/http_client.h"

namespace leadgw::backends::hotprofile {

// A HotProfileBackend for `settings` sending through `http` (in production a
// CurlHttpClient), each send an attempt of `guard` (null: DirectCalls), its duplicate guard
// holding keys across the fleet through `key_locks` (null: this process). INVALID_ARGUMENT
// naming the setting when base_url or hotprofile.api_key is empty (the config loader
// requires them, but the factory does not trust its caller with a secret's absence).
absl::StatusOr<std::unique_ptr<HotProfileBackend>> CreateHotProfileBackend(
    const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
    std::shared_ptr<upstream::CallGuard> guard = nullptr,
    std::shared_ptr<upstream::coord::KeyLocks> key_locks = nullptr,
    common::CoalescingHooks coalescing_hooks = {});

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_HOTPROFILE_BACKEND_FACTORY_H_
