// Runs the HotProfile emulator as a process until SIGTERM or SIGINT.
//   hotprofile_emulator_main --port=8081 --api_key=sandbox-api-key
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/stop_signals.h"
#include "absl/time/time.h"
#include "emulators/hotprofile/hotprofile_emulator.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 0, "Port to listen on (0: any free port).");
ABSL_FLAG(std::string, api_key, "sandbox-api-key", "The API key the emulator accepts.");
ABSL_FLAG(int, rate_limit_calls, 100, "Calls allowed per rate window (<= 0: unlimited).");
ABSL_FLAG(int, rate_window_seconds, 60, "Length of the rolling rate-limit window.");
ABSL_FLAG(bool, demo_data, true, "Load the demo companies, business cards and leads.");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);

  leadgw::BlockStopSignals();  // before any thread starts

  leadgw::emulators::hotprofile::HotProfileEmulatorOptions options;
  options.api_key = absl::GetFlag(FLAGS_api_key);
  options.rate_limit_calls = absl::GetFlag(FLAGS_rate_limit_calls);
  options.rate_window = absl::Seconds(absl::GetFlag(FLAGS_rate_window_seconds));
  options.demo_data = absl::GetFlag(FLAGS_demo_data);
  leadgw::emulators::hotprofile::HotProfileEmulator emulator(std::move(options));

  const absl::StatusOr<int> port =
      emulator.Start(absl::GetFlag(FLAGS_host), absl::GetFlag(FLAGS_port));
  if (!port.ok()) {
    std::fprintf(stderr, "hotprofile emulator: %s\n", port.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on %s\n", emulator.base_url().c_str());
  std::fflush(stdout);

  leadgw::WaitForStopSignal();
  emulator.Stop();
  return 0;
}
