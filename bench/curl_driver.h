// libcurl side of the direct client: one blocking call (the identity token) and the
// runner, a single thread driving a curl multi handle whose connection cache keeps
// keep-alive connections: open loop (woken at each intended send time by a timerfd) or
// closed loop (each answer starts its lane's next transfer; see closed_loop.h).
#ifndef LEADGW_BENCH_CURL_DRIVER_H_
#define LEADGW_BENCH_CURL_DRIVER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/direct_requests.h"
#include "bench/open_loop.h"

namespace leadgw::bench {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// Sends `call` once with `headers` and waits for the answer (at most `timeout`).
// UNAVAILABLE on a transport error.
absl::StatusOr<HttpAnswer> SendOnce(const HttpCall& call, const std::vector<std::string>& headers,
                                    absl::Duration timeout);

// Runs `workload` with at most `max_connections` connections, open loop at options.rate
// or closed loop when options.concurrency > 0 (transfers beyond `max_connections` wait in
// curl for a free connection), and returns the JSON report (see FormatReportJson).
std::string RunDirect(const RunOptions& options, const DirectWorkload& workload,
                              int max_connections);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_CURL_DRIVER_H_
