// ConnectionSettings: one configured upstream account, fully resolved (defaults applied,
// secrets loaded). Built once at start-up by service/config; read-only afterwards.
#ifndef LEADGW_ADAPTERS_CONNECTION_SETTINGS_H_
#define LEADGW_ADAPTERS_CONNECTION_SETTINGS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::adapters {

// Upstream limits the gateway keeps to for one connection.
struct UpstreamLimits {
  int calls_per_window = 100;
  absl::Duration window = absl::Seconds(20);
  int max_concurrent = 0;  // 0: no cap
  int daily_quota = 0;     // 0: no quota
  int daily_reserve = 0;   // bulk calls stop at daily_quota - daily_reserve
};

// Retries of transient upstream failures (adapters/retry).
struct RetrySettings {
  int max_attempts = 4;  // the first attempt included; 1: no retries
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

// The connection's circuit breaker (adapters/retry/circuit_breaker.h).
struct BreakerSettings {
  int failure_threshold = 5;
  absl::Duration open_duration = absl::Seconds(5);
};

struct ConnectionSettings {
  std::string name;
  ::leadgateway::v1::BackendKind kind = ::leadgateway::v1::BACKEND_KIND_UNSPECIFIED;
  std::string base_url;      // no trailing slash
  std::string identity_url;  // Marketo only; no trailing slash
  Secret client_id;          // Marketo
  Secret client_secret;      // Marketo
  Secret api_key;            // HotProfile
  UpstreamLimits limits;
  RetrySettings retry;
  BreakerSettings breaker;
  absl::Duration default_timeout = absl::Seconds(30);
  // Every endpoint of the backend, with its configured or default timeout.
  absl::flat_hash_map<std::string, absl::Duration> endpoint_timeouts;

  // The timeout of `endpoint`, or `default_timeout` for an endpoint not in the table.
  absl::Duration TimeoutFor(absl::string_view endpoint) const {
    auto it = endpoint_timeouts.find(endpoint);
    return it == endpoint_timeouts.end() ? default_timeout : it->second;
  }
};

}  // namespace leadgw::adapters

#endif  // LEADGW_ADAPTERS_CONNECTION_SETTINGS_H_
