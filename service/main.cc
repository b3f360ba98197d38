// lead-gateway: the gRPC gateway in front of SaaS lead databases (the backend kinds of
// backends/registry.h).
//
// Flags live here only; they become settings passed down through constructors.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/allocator.h"
#include "common/build_info.h"
#include "common/log.h"
#include "common/stop_signals.h"
#include "service/command_line.h"
#include "service/library_logs.h"
#include "metrics/process_metrics.h"
#include "metrics/registry.h"
#include "service/config.h"
#include "service/metrics_endpoint.h"
#include "service/rpc_metrics.h"
#include "service/sandbox.h"
#include "service/server.h"
#include "upstream/guard/upstream_metrics.h"

ABSL_FLAG(std::string, config, "", "Path of the configuration file (.json or .textproto).");
ABSL_FLAG(int, grpc_port, -1, "gRPC port; overrides the config; 0 picks a free port.");
ABSL_FLAG(int, metrics_port, -1, "Prometheus /metrics port; overrides the config.");
ABSL_FLAG(std::string, listen_address, "", "Listen address; overrides the config.");
ABSL_FLAG(bool, sandbox, false,
          "Start emulated Marketo and HotProfile upstreams in-process with demo data and the "
          "connections marketo-sandbox and hotprofile-sandbox (in addition to --config's).");
ABSL_FLAG(std::string, port_file, "",
          "When set, write {\"grpc_port\":N,\"metrics_port\":M} to this file once serving.");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error.");

namespace {

using leadgw::Log;
using leadgw::LogLevel;

// Writes the file whole (write, then rename) so a reader never sees half of it.
bool WritePortFile(const std::string& path, int grpc_port, int metrics_port) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << "{\"grpc_port\":" << grpc_port << ",\"metrics_port\":" << metrics_port << "}\n";
    if (!out) return false;
  }
  return std::rename(temp.c_str(), path.c_str()) == 0;
}

// The flags above are the gateway's (the usage text lists those of this file only).
constexpr char kFlagsFile[] = "service/main.cc";
constexpr char kUsage[] =
    "lead-gateway: the gRPC gateway in front of SaaS lead databases.\n"
    "\n"
    "Usage: lead-gateway --config=gateway.json [flags]\n"
    "       lead-gateway --sandbox [flags]   (emulated upstreams with demo data)";

int Fail(absl::string_view message) {
  Log(LogLevel::kError, message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // First, so that every line on stderr is JSON, the libraries' included.
  leadgw::service::RouteLibraryLogsToJson();
  if (auto text = leadgw::service::HelpOrVersionRequested(argc, argv, kUsage, kFlagsFile)) {
    std::fputs(text->c_str(), stdout);
    return 0;
  }
  absl::SetProgramUsageMessage(kUsage);
  absl::ParseCommandLine(argc, argv);
  // Debian builds abseil without NDEBUG, which leaves absl::Mutex's deadlock detection on
  // (a graph update on every lock, gRPC's included): measurable on every RPC (bench/).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  LogLevel level;
  if (!leadgw::ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return Fail("--log_level must be debug, info, warning or error");
  }
  leadgw::SetLogLevel(level);
  leadgw::Log(LogLevel::kInfo, absl::StrCat("allocator: ", leadgw::TuneAllocator()));

  const bool sandbox_mode = absl::GetFlag(FLAGS_sandbox);
  if (absl::GetFlag(FLAGS_config).empty() && !sandbox_mode) {
    return Fail("--config is required (or --sandbox to try the gateway against emulators)");
  }

  leadgw::BlockStopSignals();  // before any thread starts

  // With --sandbox the emulators must outlive the server, so they live in main's scope.
  std::unique_ptr<leadgw::service::Sandbox> sandbox;
  absl::StatusOr<leadgw::service::GatewaySettings> settings =
      [&]() -> absl::StatusOr<leadgw::service::GatewaySettings> {
    leadgateway::config::v1::GatewayConfig config;
    if (!absl::GetFlag(FLAGS_config).empty()) {
      auto parsed = leadgw::service::ReadConfigFile(absl::GetFlag(FLAGS_config));
      if (!parsed.ok()) return parsed.status();
      config = *std::move(parsed);
    }
    if (!sandbox_mode)
      return leadgw::service::ResolveConfig(config, leadgw::service::SystemSecretReaders());
    auto started = leadgw::service::Sandbox::Start();
    if (!started.ok()) return started.status();
    sandbox = *std::move(started);
    return sandbox->Resolve(config);
  }();
  if (!settings.ok()) {
    return Fail(absl::StrCat("invalid configuration: ", settings.status().message()));
  }
  if (absl::GetFlag(FLAGS_grpc_port) >= 0)
    settings->server.grpc_port = absl::GetFlag(FLAGS_grpc_port);
  if (absl::GetFlag(FLAGS_metrics_port) >= 0) {
    settings->server.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  }
  if (!absl::GetFlag(FLAGS_listen_address).empty()) {
    settings->server.listen_address = absl::GetFlag(FLAGS_listen_address);
  }

  leadgw::metrics::Registry registry;
  leadgw::metrics::RegisterProcessMetrics(registry);
  std::vector<std::string> connection_names;
  for (const auto& connection : settings->connections) connection_names.push_back(connection.name);
  std::vector<std::string> caller_names;
  for (const auto& caller : settings->access.callers()) caller_names.push_back(caller.name);
  leadgw::service::RpcMetrics rpc_metrics(registry, leadgw::BuildRevision(), connection_names,
                                          caller_names);
  leadgw::upstream::UpstreamMetrics upstream_metrics(registry);
  leadgw::service::MetricsEndpoint exposer(registry, settings->server);
  if (absl::Status started = exposer.Start(); !started.ok()) {
    return Fail(absl::StrCat("cannot serve /metrics: ", started.message()));
  }
  auto server = leadgw::service::GatewayServer::Start(*settings, &rpc_metrics, upstream_metrics);
  if (!server.ok()) return Fail(absl::StrCat("cannot start: ", server.status().message()));
  const int port = (*server)->grpc_port();
  Log(LogLevel::kInfo, "serving",
      {{"grpc_address", absl::StrCat(settings->server.listen_address, ":", port)},
       {"metrics_address", absl::StrCat(settings->server.listen_address, ":", exposer.port())},
       {"grpc_tls", !settings->server.tls.has_value() ? "off"
                    : settings->server.tls->mutual()    ? "mutual"
                                                        : "on"},
       {"metrics_tls", !settings->server.metrics_tls.has_value() ? "off"
                       : settings->server.metrics_tls->mutual()    ? "mutual"
                                                                   : "on"},
       {"connections", absl::StrCat(settings->connections.size())}});
  if (!absl::GetFlag(FLAGS_port_file).empty() &&
      !WritePortFile(absl::GetFlag(FLAGS_port_file), port, exposer.port())) {
    return Fail(absl::StrCat("cannot write --port_file ", absl::GetFlag(FLAGS_port_file)));
  }

  const int signal_number = leadgw::WaitForStopSignal();
  Log(LogLevel::kInfo, "draining",
      {{"signal", absl::StrCat(signal_number)},
       {"grace_seconds", absl::StrCat(absl::ToDoubleSeconds(settings->server.drain_grace))}});
  (*server)->Shutdown(settings->server.drain_grace);
  exposer.Stop();
  Log(LogLevel::kInfo, "stopped");
  return 0;
}
