// GatewayProcess: the real lead_gateway binary, started on a free loopback port for an
// end-to-end test.
#ifndef LEADGW_TESTS_TESTING_GATEWAY_PROCESS_H_
#define LEADGW_TESTS_TESTING_GATEWAY_PROCESS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing {

struct GatewayProcessOptions {
  // Contents of the config file; written to a temporary file with `config_extension`.
  // Empty: no --config flag (e.g. with --sandbox in extra_args).
  std::string config;
  std::string config_extension = ".json";
  // Environment added for the gateway (e.g. secrets the config names).
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> extra_args;
  absl::Duration start_timeout = absl::Seconds(30);
};

class GatewayProcess {
 public:
  // Starts the gateway with --grpc_port=0 on 127.0.0.1 and waits until it serves.
  static absl::StatusOr<std::unique_ptr<GatewayProcess>> Start(GatewayProcessOptions options);

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  std::shared_ptr<grpc::Channel> NewChannel() const;
  // Everything the gateway logged so far.
  std::string Log() const { return ReadWholeFile(log_path_); }
  ChildProcess& process() { return *process_; }

 private:
  GatewayProcess() = default;

  std::unique_ptr<ChildProcess> process_;
  std::string log_path_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
};

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_TESTING_GATEWAY_PROCESS_H_
