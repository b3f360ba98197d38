// PrometheusServer: a real Prometheus (Debian package `prometheus`) on a loopback port,
// scraping given targets every second, and a client for its HTTP query API.
#ifndef LEADGW_TESTS_OBSERVABILITY_PROMETHEUS_SERVER_H_
#define LEADGW_TESTS_OBSERVABILITY_PROMETHEUS_SERVER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::observability {

// One element of an instant vector.
struct QueryResult {
  std::map<std::string, std::string> labels;  // __name__ included when the series has one
  std::string value;                          // as Prometheus writes it: "1", "0.25", "NaN"
};

class PrometheusServer {
 public:
  // The binary: $LEADGW_PROMETHEUS, else /usr/bin/prometheus.
  static std::string BinaryPath();

  // Starts Prometheus on a free 127.0.0.1 port with a fresh temporary TSDB, empty console
  // directories and one job `job` scraping `targets` ("127.0.0.1:PORT") every 1 s, and
  // waits (at most `timeout`) until /-/ready answers 200. NOT_FOUND naming the Debian
  // package when the binary is missing; UNAVAILABLE with the server's log when it does
  // not become ready (a port taken in between is retried with another port).
  static absl::StatusOr<std::unique_ptr<PrometheusServer>> Start(
      const std::string& job, const std::vector<std::string>& targets, absl::Duration timeout);

  // Stops the server (SIGTERM, then SIGKILL after 10 s).
  ~PrometheusServer();

  // GET /api/v1/query?query=`promql`: the instant vector. INVALID_ARGUMENT with the
  // server's error for a bad query or a result that is not a vector; UNAVAILABLE when the
  // server does not answer.
  absl::StatusOr<std::vector<QueryResult>> Query(const std::string& promql) const;

  // Repeats Query() every 200 ms until it returns a non-empty vector or `timeout` passes
  // (DEADLINE_EXCEEDED naming the query and the last error).
  absl::StatusOr<std::vector<QueryResult>> QueryUntilNotEmpty(const std::string& promql,
                                                              absl::Duration timeout) const;

  int port() const { return port_; }
  ChildProcess& process() { return *process_; }
  // Everything the server logged so far.
  std::string Log() const { return ReadWholeFile(log_path_); }

 private:
  PrometheusServer() = default;

  std::unique_ptr<ChildProcess> process_;
  std::string log_path_;
  int port_ = 0;
};

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_PROMETHEUS_SERVER_H_
