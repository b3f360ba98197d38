// libcurl client that makes the gateway's upstream calls directly against the emulators:
// the baseline the gateway's added latency and throughput are measured against. Same
// open-loop schedule or closed loop (--concurrency), same latency accounting and same
// JSON report as load_client. See docs/performance.md.
//
//   direct_client --marketo_url=http://127.0.0.1:P --scenario=get_lead --rate=1000
//   direct_client --marketo_url=http://127.0.0.1:P --scenario=get_lead --concurrency=16
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/curl_driver.h"
#include "bench/direct_requests.h"
#include "bench/open_loop.h"
#include "bench/workload.h"

ABSL_FLAG(std::string, marketo_url, "", "Marketo emulator base URL (http://127.0.0.1:PORT).");
ABSL_FLAG(std::string, hotprofile_url, "", "HotProfile emulator base URL.");
// Emulator sandbox credentials, not real secrets: the direct client only ever talks to
// the local emulators.
ABSL_FLAG(std::string, client_id, "sandbox-client", "Marketo emulator OAuth client id.");
ABSL_FLAG(std::string, client_secret, "sandbox-secret", "Marketo emulator OAuth client secret.");
ABSL_FLAG(std::string, api_key, "sandbox-api-key", "HotProfile emulator API key.");
ABSL_FLAG(std::string, scenario, "get_lead", "Scenario to run (see --help).");
ABSL_FLAG(double, rate, 1000, "Requests per second (open loop).");
ABSL_FLAG(int, concurrency, 0,
          "0: open loop at --rate; 1..256: closed loop, this many requests outstanding "
          "(those beyond --max_connections wait for a connection).");
ABSL_FLAG(double, duration_s, 20, "Measured seconds (at most 120).");
ABSL_FLAG(double, warmup_s, 1, "Seconds sent before measuring (at most 30).");
ABSL_FLAG(int, timeout_ms, 5000, "Timeout of each request.");
ABSL_FLAG(int, max_in_flight, 10000,
          "Requests in flight beyond which a due request is not sent (client_overload).");
ABSL_FLAG(int, max_connections, 16, "Keep-alive connections the client may open.");
ABSL_FLAG(std::string, tag, "direct", "Prefix of the e-mails the upsert scenarios write.");

namespace leadgw::bench {
namespace {

// The access token for the Marketo scenarios, fetched once (tokens live an hour).
absl::StatusOr<std::string> FetchToken(const std::string& marketo_url) {
  absl::StatusOr<HttpAnswer> answer = SendOnce(
      IdentityCall(marketo_url, absl::GetFlag(FLAGS_client_id), absl::GetFlag(FLAGS_client_secret)),
      {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"},
      absl::Seconds(10));
  if (!answer.ok()) return answer.status();
  if (answer->status != 200) {
    return absl::UnavailableError(absl::StrCat("identity answered HTTP ", answer->status));
  }
  return ParseAccessToken(answer->body);
}

int Main() {
  const std::optional<Scenario> scenario = ParseScenario(absl::GetFlag(FLAGS_scenario));
  if (!scenario.has_value()) {
    std::fprintf(stderr, "direct_client: unknown --scenario; one of %s\n",
                 ScenarioNames().c_str());
    return 2;
  }
  if (*scenario == Scenario::kHealth || *scenario == Scenario::kDescribe) {
    std::fprintf(stderr, "direct_client: %s has no direct equivalent (gateway only)\n",
                 std::string(ScenarioName(*scenario)).c_str());
    return 2;
  }
  RunOptions options;
  options.client = "direct";
  options.scenario = std::string(ScenarioName(*scenario));
  options.rate = absl::GetFlag(FLAGS_rate);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.max_in_flight = absl::GetFlag(FLAGS_max_in_flight);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  std::string error;
  if (!NormalizeRunOptions(options, &error)) {
    std::fprintf(stderr, "direct_client: %s\n", error.c_str());
    return 2;
  }

  DirectEndpoints endpoints;
  endpoints.marketo_url = absl::GetFlag(FLAGS_marketo_url);
  endpoints.hotprofile_url = absl::GetFlag(FLAGS_hotprofile_url);
  endpoints.hotprofile_api_key = absl::GetFlag(FLAGS_api_key);
  const bool marketo = *scenario != Scenario::kSearchBusinessCards;
  if ((marketo ? endpoints.marketo_url : endpoints.hotprofile_url).empty()) {
    std::fprintf(stderr, "direct_client: --%s is required for %s\n",
                 marketo ? "marketo_url" : "hotprofile_url", options.scenario.c_str());
    return 2;
  }
  if (marketo) {
    absl::StatusOr<std::string> token = FetchToken(endpoints.marketo_url);
    if (!token.ok()) {
      std::fprintf(stderr, "direct_client: no Marketo token: %s\n",
                   std::string(token.status().message()).c_str());
      return 1;
    }
    endpoints.marketo_token = *std::move(token);
  }
  absl::StatusOr<DirectWorkload> workload =
      MakeDirectWorkload(*scenario, endpoints, absl::GetFlag(FLAGS_tag));
  if (!workload.ok()) {
    std::fprintf(stderr, "direct_client: %s\n", std::string(workload.status().message()).c_str());
    return 2;
  }
  const std::string report =
      RunDirect(options, *workload, std::max(1, absl::GetFlag(FLAGS_max_connections)));
  std::printf("%s\n", report.c_str());
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(absl::StrCat(
      "libcurl client calling the emulators directly; prints one JSON report.\n"
      "  direct_client --marketo_url=URL --hotprofile_url=URL --scenario=NAME [--rate=1000 | "
      "--concurrency=N] [--duration_s=20 --warmup_s=1]\nScenarios (not health, describe): ",
      leadgw::bench::ScenarioNames()));
  absl::ParseCommandLine(argc, argv);
  return leadgw::bench::Main();
}
