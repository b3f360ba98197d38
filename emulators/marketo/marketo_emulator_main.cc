// Standalone Marketo emulator: serves until SIGTERM or SIGINT.
#include <pthread.h>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/stop_signals.h"
#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address to bind.");
ABSL_FLAG(int, port, 0, "Port to bind; 0 picks a free one (printed on stdout).");
ABSL_FLAG(std::string, client_id, "sandbox-client", "Accepted OAuth client id.");
ABSL_FLAG(std::string, client_secret, "sandbox-secret", "Accepted OAuth client secret.");
ABSL_FLAG(int, token_lifetime_seconds, 3600, "Access token lifetime.");
ABSL_FLAG(int, rate_limit_calls, 100, "Calls per rolling window before 606 (0: off).");
ABSL_FLAG(int, rate_window_seconds, 20, "Rolling window of the rate limit.");
ABSL_FLAG(int, max_concurrent, 10, "Calls in flight before 615 (0: off).");
ABSL_FLAG(int, daily_quota, 50000, "Calls per CST day before 607 (0: off).");
ABSL_FLAG(int, duplicate_race_delay_ms, 0,
          "createOrUpdate sleeps this long between lookup and insert (duplicate hazard).");
ABSL_FLAG(bool, demo_data, true, "Seed demo leads, lists, programs and forms.");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // Block the stop signals before any thread starts so every thread inherits the mask
  // and sigwait below receives them.
  // A shell starting us in the background ignores SIGINT for us; sigwait cannot see an
  // ignored signal, so restore the default disposition first.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  leadgw::BlockStopSignals();  // before any thread starts

  leadgw::emulators::marketo::MarketoEmulatorOptions options;
  options.client_id = absl::GetFlag(FLAGS_client_id);
  options.client_secret = absl::GetFlag(FLAGS_client_secret);
  options.token_lifetime = absl::Seconds(absl::GetFlag(FLAGS_token_lifetime_seconds));
  options.rate_limit_calls = absl::GetFlag(FLAGS_rate_limit_calls);
  options.rate_window = absl::Seconds(absl::GetFlag(FLAGS_rate_window_seconds));
  options.max_concurrent = absl::GetFlag(FLAGS_max_concurrent);
  options.daily_quota = absl::GetFlag(FLAGS_daily_quota);
  options.duplicate_race_delay = absl::Milliseconds(absl::GetFlag(FLAGS_duplicate_race_delay_ms));
  options.demo_data = absl::GetFlag(FLAGS_demo_data);

  leadgw::emulators::marketo::MarketoEmulator emulator(options);
  auto port = emulator.Start(absl::GetFlag(FLAGS_host), absl::GetFlag(FLAGS_port));
  if (!port.ok()) {
    std::fprintf(stderr, "marketo emulator: %s\n", port.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on %s\n", emulator.base_url().c_str());
  std::fflush(stdout);
  leadgw::WaitForStopSignal();
  emulator.Stop();
  return 0;
}
