// UpstreamSettings: what the vendor-free upstream machinery (quota gate, retries, breaker,
// timeouts, metrics) knows of one connection. Built once at start-up by service/config
// from the connection's configuration and its kind's defaults; read-only afterwards.
#ifndef LEADGW_UPSTREAM_SETTINGS_H_
#define LEADGW_UPSTREAM_SETTINGS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::upstream {

// Upstream limits the gateway keeps to for one connection.
struct UpstreamLimits {
  int calls_per_window = 100;
  absl::Duration window = absl::Seconds(20);
  int max_concurrent = 0;  // 0: no cap
  int daily_quota = 0;     // 0: no quota
  int daily_reserve = 0;   // bulk calls stop at daily_quota - daily_reserve
  // The UTC offset of the time zone whose midnight starts the upstream's quota day (-6h:
  // US Central Standard Time, a day starting at 06:00 UTC).
  absl::Duration day_start_utc_offset = absl::Hours(-6);
};

// Retries of transient upstream failures (upstream/retry).
struct RetrySettings {
  int max_attempts = 4;  // the first attempt included; 1: no retries
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

// The connection's circuit breaker (upstream/breaker/circuit_breaker.h).
struct BreakerSettings {
  int failure_threshold = 5;
  absl::Duration open_duration = absl::Seconds(5);
};

// One caller's share of a connection's capacity while callers wait for it (config
// `access.callers[].quota_weight`; upstream/quota/internal/waiter_queue.h).
struct CallerShare {
  std::string name;  // a metric label: a configured caller name, or kAnonymousCaller
  int weight = 1;
  // Percent of the rate window kept for it (0-50).
  int reserve_percent = 0;
};

// The share of calls made for no configured caller (the access policy is off, or a
// durable job whose submitter is no longer configured): always share 0.
inline constexpr char kAnonymousCaller[] = "anonymous";

struct UpstreamSettings {
  // The connection's configured name: a metric label and the breaker's name.
  std::string name;
  UpstreamLimits limits;
  RetrySettings retry;
  BreakerSettings breaker;
  absl::Duration default_timeout = absl::Seconds(30);
  // How long a batch of coalesced writes waits for its turn (zero: no coalescing).
  absl::Duration coalesce_max_wait = absl::Seconds(1);
  // Every endpoint of the backend, with its configured or default timeout.
  absl::flat_hash_map<std::string, absl::Duration> endpoint_timeouts;
  // The callers' shares, by share index (CallSpec::caller_share); [0] is kAnonymousCaller.
  // Empty: one share, named kAnonymousCaller.
  std::vector<CallerShare> callers;

  // The timeout of `endpoint`, or `default_timeout` for an endpoint not in the table.
  absl::Duration TimeoutFor(absl::string_view endpoint) const {
    auto it = endpoint_timeouts.find(endpoint);
    return it == endpoint_timeouts.end() ? default_timeout : it->second;
  }

  // The longest any call of the connection may run: the largest endpoint timeout.
  absl::Duration LongestTimeout() const {
    absl::Duration longest = default_timeout;
    for (const auto& [endpoint, timeout] : endpoint_timeouts) longest = std::max(longest, timeout);
    return longest;
  }
};

}  // namespace leadgw::upstream

#endif  // LEADGW_UPSTREAM_SETTINGS_H_
