#include "tests/testing/gateway_process.h"

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace leadgw::testing {
namespace {

// The port `name` in {"grpc_port":N,"metrics_port":M}, or 0 while the file is absent.
int ReadPort(const std::string& path, absl::string_view name) {
  std::string text = ReadWholeFile(path);
  const std::string key = absl::StrCat("\"", name, "\":");
  const size_t at = text.find(key);
  if (at == std::string::npos) return 0;
  const size_t start = at + key.size();
  const size_t end = text.find_first_not_of("0123456789", start);
  int port = 0;
  if (!absl::SimpleAtoi(text.substr(start, end - start), &port)) return 0;
  return port;
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayProcess>> GatewayProcess::Start(
    GatewayProcessOptions options) {
  const std::string dir = MakeTempDir();
  if (dir.empty()) return absl::InternalError("cannot create a temporary directory");
  const std::string config_path = absl::StrCat(dir, "/gateway", options.config_extension);
  {
    std::ofstream out(config_path);
    out << options.config;
  }
  const std::string port_file = absl::StrCat(dir, "/port.json");
  std::unique_ptr<GatewayProcess> gateway(new GatewayProcess());
  gateway->log_path_ = absl::StrCat(dir, "/gateway.log");

  std::vector<std::string> argv = {Runfile("service/lead_gateway"), "--grpc_port=0",
                                   "--metrics_port=0", "--listen_address=127.0.0.1",
                                   absl::StrCat("--port_file=", port_file)};
  if (!options.config.empty()) argv.push_back(absl::StrCat("--config=", config_path));
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  auto process = ChildProcess::Start(argv, options.env, gateway->log_path_);
  if (!process.ok()) return process.status();
  gateway->process_ = *std::move(process);

  const absl::Time deadline = absl::Now() + options.start_timeout;
  while (absl::Now() < deadline) {
    if (auto code = gateway->process_->Poll()) {
      return absl::FailedPreconditionError(
          absl::StrCat("gateway exited with ", *code, " before serving: ", gateway->Log()));
    }
    gateway->grpc_port_ = ReadPort(port_file, "grpc_port");
    gateway->metrics_port_ = ReadPort(port_file, "metrics_port");
    if (gateway->grpc_port_ > 0) return gateway;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("gateway did not serve within the start timeout: ", gateway->Log()));
}

std::shared_ptr<grpc::Channel> GatewayProcess::NewChannel() const {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                             grpc::InsecureChannelCredentials());
}

}  // namespace leadgw::testing
